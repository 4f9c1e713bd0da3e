// Names the release in the tab, from the same meta tag flightdeck's verification reads.
const release = document.querySelector('meta[name="git-hash"]')?.getAttribute("content");
if (release) document.title = `flightdeck · ${release.slice(0, 7)}`;
