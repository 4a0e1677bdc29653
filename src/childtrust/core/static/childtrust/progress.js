// Progress pages (long work in the background) work without JavaScript: a "Check progress"
// link reloads them. With JavaScript, this checks every few seconds instead: it fetches the page,
// updates the stage text (a polite live region, so a screen reader hears the change once), and
// loads the page again only when the work has finished and the page shows the result.
const region = document.querySelector("[data-progress-poll]");
if (region) {
  const seconds = Number(region.dataset.progressPoll) || 3;
  const check = async () => {
    const response = await fetch(window.location.href, { headers: { Accept: "text/html" } });
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.querySelector("[data-progress-poll]");
    if (!fresh) {
      window.location.reload();
      return;
    }
    if (fresh.textContent !== region.textContent) region.textContent = fresh.textContent;
    const bar = document.querySelector("progress[data-progress-bar]");
    const freshBar = page.querySelector("progress[data-progress-bar]");
    if (bar && freshBar) bar.value = freshBar.value;
    window.setTimeout(check, seconds * 1000);
  };
  window.setTimeout(check, seconds * 1000);
}
