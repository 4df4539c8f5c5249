// sitrep serve: live reload. Injected by the dev server only, never built.
(() => {
  const events = new EventSource("/__sitrep/events");
  const here = location.pathname;
  const shows = (paths) =>
    paths === null ||
    paths.some((p) => p === here || p === here + "/" || p + "index.html" === here);
  events.addEventListener("reload", (e) => {
    if (shows(JSON.parse(e.data))) location.reload();
  });
  events.addEventListener("css", (e) => {
    const paths = JSON.parse(e.data);
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      if (paths.includes(url.pathname)) {
        url.searchParams.set("sitrep", Date.now());
        link.href = url.href;
      }
    }
  });
  const hide = () => document.getElementById("sitrep-overlay")?.remove();
  events.addEventListener("problems", (e) => {
    hide();
    document.body.insertAdjacentHTML("beforeend", JSON.parse(e.data));
  });
  events.addEventListener("fixed", hide);
})();
