"""Words for synthetic children: English given names by sex, surnames, streets and nicknames.

Modest invented lists, most common first (the generator weights them by rank, roughly as names
are spread in a real city). Every combination is made up: no list describes a real person."""

from __future__ import annotations


def _words(text: str) -> list[str]:
    """The distinct words of a text, in order."""
    return list(dict.fromkeys(text.split()))


GIRLS = _words(
    """
Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Willow Freya Florence Emily Ella
Poppy Evie Elsie Charlotte Evelyn Sienna Sofia Daisy Phoebe Sophie Alice Harper Matilda Ruby Emilia
Maya Isabelle Millie Eva Luna Jessica Arabella Bonnie Esme Aria Mila Chloe Hannah Ellie Eliza Layla
Violet Maisie Imogen Thea Ada Zara Lucy Erin Holly Scarlett Lottie Darcie Molly Penelope Elizabeth
Katherine Margaret Rebecca Victoria Abigail Amy Georgia Megan Lauren Jasmine Nancy Orla Clara
Hallie Robyn Summer Eleanor Lola Beatrice Edith Iris Nell Heidi Mabel Anna Lacey Bethany Naomi Leah
Ruth Jade Kayla Tilly Harriet Rose Martha Annabelle Amber Zoe Gracie Skye Bella Aisha Fatima Maryam
Zainab Amira Priya Anaya Sara Hana Nadia Leila Yasmin Alexandra Caitlin Courtney Danielle Emma
Francesca Gemma Hollie Jennifer Kirsty Louise Natalie Paige Rachel Samantha Shannon Stephanie Tegan
Abbie Alisha Cerys Demi Elena Fern Kacey Mollie Niamh Olive Pearl Primrose Rhea Sadie Tallulah
Winter Wren Aurora Delilah Hazel Josephine Juniper Kitty Lyra Marnie Nova Ottilie Riley Serena
Stella Tabitha Verity Xanthe Yara Zoya Freda Ellen
"""
)

BOYS = _words(
    """
Oliver George Noah Arthur Muhammad Leo Harry Oscar Archie Henry Theodore Freddie Jack Charlie Theo
Alfie Jacob Thomas Finley Arlo William Lucas Roman Tommy Isaac Teddy Alexander Luca Edward James
Joshua Albie Elijah Max Mason Reuben Rory Ronnie Hugo Frankie Sebastian Jaxon Ezra Louie Grayson
Albert Harrison Ethan Benjamin Daniel Samuel Joseph Michael Matthew Christopher Robert Nicholas
Jonathan Anthony Andrew Richard Stephen Timothy Patrick Peter Dylan Harvey Riley Toby Jake Jayden
Kai Logan Lewis Liam Owen Tyler Zachary Adam Aaron Callum Connor Declan Elliot Evan Felix Gabriel
Jenson Jude Kian Louis Nathan Ollie Ralph Rowan Sonny Stanley Tobias Vincent Zain Ahmed Ali Ibrahim
Omar Yusuf Hamza Ayaan Rayan Arjun Rohan Dev Aarav Kabir Ravi Sami Tariq Bailey Bradley Brandon
Cameron Corey Craig Dominic Dean Ellis Gavin Jordan Kieran Luke Marcus Morgan Nathaniel Reece Ryan
Scott Shane Spencer Travis Wesley Alfred Barnaby Cyril Douglas Ernest Fletcher Gideon Herbert Ivor
Jasper Kit Lawrence Milo Monty Ned Percy Quentin Rufus Seth Silas Walter Wilfred Wyatt Abel Blake
Caleb Eden Hector Idris Joel Kaden Levi
"""
)

SURNAMES = _words(
    """
Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson
Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin
Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips
Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey
Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum
Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen
Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon
Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds
Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Gill Dawson
Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart
Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry
Stone Reid Holland Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird
Gardner Shah Dean Lane Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd
Ross Cross Long Freeman Warren Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson Curtis
Hopkins O'Connor Harper Coleman Watkins Moss McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler
Potter Osborne Johnston Gordon Doyle Wallace George Jordan Hutchinson Rowe Burke May Pritchard
Gilbert Willis Higgins Read Miles Stevenson Stephenson Hammond Arnold Buckley Walters Hewitt Barber
Nelson Slater Austin Sullivan Whitehead Mann Frost Lambert Stephens Blake Akhtar Lynch Goodwin
Barton Woodward Thomson Cunningham Quinn Barnett Baxter Bibi Clayton Nash Greenwood Jennings Holt
Kemp Poole Gallagher Bond Stokes Tucker Davidson Fowler Heath Norman Middleton Lawson Banks French
Stanley Jarvis Gibbs Ferguson Hayward Carroll Douglas Dickinson Todd Barlow Peters Lucas Knowles
Hartley Miah Simmons Morton Alexander Field Morrison Norris Townsend Preston Hancock Thornton
Baldwin Burrows Briggs Storey Pope Sims Kirby Iqbal Rahman Hassan Chowdhury Mahmood Sharma Kumar
Nowak Kowalski Wojcik Popescu Silva Santos Costa Oliveira Ferreira Okafor Adeyemi Mensah Osei
Asante Nguyen Tran Chen Wang Li Zhang Kaya Yilmaz Demir Ozturk Petrov Ivanova Horvath Novak Rossi
Russo Bianchi Romano Garcia Lopez Martinez Rodriguez Hernandez Doherty Kavanagh Brennan Flanagan
Gallacher Macleod Fraser Munro Sinclair Paterson Kerr Duncan Mackay Mackenzie Hendry Ashworth
Brierley Cartwright Dobson Eccles Fairclough Grimshaw Hargreaves Ingham Kenyon Marsden Ogden
Pilling Rishworth Sutcliffe Tattersall Whittaker Ackroyd Bairstow Haigh Holroyd Illingworth
Mitchelson Priestley Redfearn Sowerby Thackray Wainwright Ambrose Bellamy Coates Crouch Dawkins
Everett Farrow Garland Goddard Hobbs Hollis Ingram Kirk Landry Lister Mayhew Nolan Oakley Pike
Rowland Sadler Tanner Upton Vickers Wade Whitfield Yeo Abbott Aldridge Allsop Ashby Attwood Bagshaw
Bamford Bancroft Beale Beaumont Belcher Blackwell Blundell Bowden Bowyer Bradshaw Brewer Bridger
Broadbent Bromley Buckingham Bullock Cadman Calder Cannon Carver Chadwick Chandler Chivers Clifford
Colley Compton Corbett Cotton Cowley Crane Croft Crowther Culver Dalton Darby Denton Dickens Dodd
Drake Draper Dudley Eastwood Elliot Emery Fairbanks Farmer Fenton Finch Fleming Forster Garner
Gilmore Godfrey Goodman Gough Grainger Hale Hanson Harwood Hawes Hayden Heaton Herring Hickman
Hilton Hodges Holden Horton Howe Hurst Jeffery Keeling Kendall Kimber Kingston Lacey Langley Leach
Lindsay
"""
)

STREETS = [
    street.replace("|", " ")  # a space within a street's name
    for street in _words(
        """
Oak|Road Elm|Grove Ash|Close Beech|Avenue Birch|Way Cedar|Drive Chestnut|Road Hazel|Close
Holly|Lane Laurel|Road Linden|Grove Maple|Close Poplar|Way Rowan|Drive Sycamore|Road Willow|Lane
Alder|Close Hawthorn|Road Juniper|Way Larch|Avenue Aspen|Grove Yew|Tree|Lane Heather|Road
Bramble|Close Clover|Way Daisy|Lane Foxglove|Road Primrose|Close Bluebell|Way Cowslip|Lane
Harbour|Road Quay|Street Dock|Lane Anchor|Close Mariner|Way Sailor|Drive Keel|Road Mast|Close
Tide|Way Wharf|Street Lighthouse|Road Ferry|Lane Pier|Road Estuary|Drive Shore|Road Marsh|Lane
Meadow|Road Field|Close Orchard|Way Hillside|Avenue Valley|Road Brook|Lane Spring|Road Well|Lane
Mill|Road Bridge|Street Church|Street Chapel|Road School|Lane Station|Road Market|Street
High|Street Castle|Road Tower|Street Abbey|Road Priory|Close Manor|Road Grange|Road Court|Road
Hall|Lane Park|Road Garden|Close Green|Lane Common|Road Heath|Road Moor|Lane Down|Road Ridge|Way
Kingsley|Road Ashford|Close Bexley|Avenue Carlton|Road Dalton|Close Elmhurst|Road Fairfield|Road
Glenwood|Avenue Hartley|Road Kenwood|Close Langdon|Road Milford|Way Norbury|Road Oakwood|Drive
Pembroke|Road Queensway|Avenue Redcliffe|Road Stanmore|Lane Thornbury|Close Upland|Road Vernon|Road
Westbury|Avenue Winslow|Close Yardley|Road Ambleside|Road Burnside|Close Coniston|Way Derwent|Road
Ennerdale|Close Grasmere|Avenue Keswick|Road Langdale|Close Rydal|Way Thirlmere|Road
Windermere|Avenue Buttermere|Close Borrowdale|Road Eskdale|Way Ullswater|Road Kentmere|Close
Albion|Road Britannia|Road Clarence|Street Denmark|Road Empress|Road Gordon|Avenue Hanover|Street
Imperial|Road Jubilee|Road Livingstone|Road Mafeking|Road Nelson|Road Oxford|Street Portland|Street
Regent|Street Sovereign|Way Trafalgar|Road Victoria|Road Waterloo|Road Wellington|Road York|Road
Avon|Road Bourne|Close Calder|Way Dove|Close Exe|Road Fal|Close Itchen|Road Kennet|Road Lune|Way
Medina|Road Nene|Close Ouse|Road Parrett|Road Rother|Close Severn|Way Tamar|Road Test|Lane Ure|Road
Wey|Close Wye|Road Yare|Way Arundel|Road Bosham|Close Cosham|Road Emsworth|Road Fareham|Road
Hamble|Lane Hythe|Road Lymington|Road Netley|Close Romsey|Road Totton|Way Warsash|Road Botley|Road
Bursledon|Road Chandler|Way Eastleigh|Road Fawley|Road Hedge|End|Lane Marchwood|Road Ringwood|Road
Shirley|Road Sholing|Road Swaythling|Road Townhill|Way Woolston|Road Weston|Lane Portswood|Road
Bitterne|Road Bassett|Avenue Millbrook|Road Redbridge|Lane Lordshill|Way Harefield|Road
Thornhill|Road Peartree|Avenue Freemantle|Close Coxford|Road Maybush|Drive Aldermoor|Road
Lordswood|Road Highfield|Lane Bevois|Valley|Road Chapel|Close Northam|Road Itchen|Close
Mayflower|Road Spitfire|Way Solent|Road Channel|Way Island|View|Road Ocean|Way Gull|Close Heron|Way
Kestrel|Road Lapwing|Drive Merlin|Way Nightingale|Avenue Osprey|Close Plover|Way Robin|Grove
Skylark|Lane Swallow|Close Teal|Way Wagtail|Road Wren|Close Finch|Road Lark|Rise Martin|Close
Curlew|Drive
"""
    )
]

# A nickname some agencies record instead of the given name (never in the other direction).
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Elizabeth": ("Liz", "Lizzie", "Beth", "Eliza"),
    "Katherine": ("Kate", "Katie", "Kitty"),
    "Margaret": ("Maggie", "Meg", "Peggy"),
    "Rebecca": ("Becky", "Becca"),
    "Victoria": ("Vicky", "Tori"),
    "Abigail": ("Abbie", "Abby"),
    "Alexandra": ("Alex", "Lexi"),
    "Samantha": ("Sam", "Sammy"),
    "Jennifer": ("Jenny", "Jen"),
    "Stephanie": ("Steph",),
    "Charlotte": ("Lottie", "Charlie"),
    "Isabella": ("Bella", "Izzy"),
    "Isabelle": ("Izzy", "Belle"),
    "Florence": ("Flo", "Florrie"),
    "Matilda": ("Tilly", "Tilda"),
    "Penelope": ("Penny",),
    "Josephine": ("Josie", "Jo"),
    "Eleanor": ("Ellie", "Nell"),
    "Harriet": ("Hattie",),
    "Natalie": ("Nat",),
    "Jessica": ("Jess",),
    "Annabelle": ("Annie",),
    "William": ("Will", "Billy", "Liam"),
    "Alexander": ("Alex", "Xander"),
    "Theodore": ("Theo", "Ted", "Teddy"),
    "Thomas": ("Tom", "Tommy"),
    "James": ("Jim", "Jamie"),
    "Edward": ("Ed", "Eddie", "Ted"),
    "Joshua": ("Josh",),
    "Benjamin": ("Ben", "Benji"),
    "Daniel": ("Dan", "Danny"),
    "Samuel": ("Sam", "Sammy"),
    "Joseph": ("Joe", "Joey"),
    "Michael": ("Mike", "Mikey"),
    "Matthew": ("Matt",),
    "Christopher": ("Chris", "Kit"),
    "Robert": ("Rob", "Bobby", "Bob"),
    "Nicholas": ("Nick", "Nicky"),
    "Jonathan": ("Jon", "Jonny"),
    "Anthony": ("Tony", "Ant"),
    "Andrew": ("Andy", "Drew"),
    "Richard": ("Rich", "Ricky"),
    "Stephen": ("Steve",),
    "Timothy": ("Tim", "Timmy"),
    "Patrick": ("Paddy", "Pat"),
    "Frederick": ("Fred", "Freddie"),
    "Alfred": ("Alfie", "Alf"),
    "Oliver": ("Ollie", "Olly"),
    "Harrison": ("Harry",),
    "Sebastian": ("Seb",),
    "Zachary": ("Zach", "Zac"),
    "Nathaniel": ("Nat", "Nathan"),
    "Gabriel": ("Gabe",),
    "Lawrence": ("Laurie", "Larry"),
    "Dominic": ("Dom",),
    "Cameron": ("Cam",),
    "Muhammad": ("Mohammed", "Mohamed"),
}

# Twins sometimes have names this close; the rest of a household's names are drawn freely.
SIMILAR_TWIN_NAMES: tuple[tuple[str, str, str, str], ...] = (
    ("Jack", "M", "Jake", "M"),
    ("Ella", "F", "Ellie", "F"),
    ("Lily", "F", "Lilly", "F"),
    ("Harry", "M", "Harvey", "M"),
    ("Mia", "F", "Maya", "F"),
    ("Evie", "F", "Eva", "F"),
    ("Leo", "M", "Theo", "M"),
    ("Sophie", "F", "Sophia", "F"),
    ("Alfie", "M", "Archie", "M"),
    ("Oliver", "M", "Olivia", "F"),
    ("Freya", "F", "Freddie", "M"),
    ("Louis", "M", "Lewis", "M"),
    ("Rory", "M", "Ruby", "F"),
    ("Isla", "F", "Isaac", "M"),
    ("Millie", "F", "Mollie", "F"),
)
