"""childtrust: software a children's partnership runs on."""
