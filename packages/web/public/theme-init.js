// Applies the colour scheme chosen on this device before the first paint, so that a dark choice
// never flashes light. A file, not an inline script, so that the Content-Security-Policy can forbid
// inline scripts. Same key and values as src/lib/theme.ts.
(function () {
  try {
    var choice = localStorage.getItem('parley.theme');
    if (choice === 'light' || choice === 'dark') document.documentElement.setAttribute('data-theme', choice);
    var dark = choice === 'dark' || (choice !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);
    if (dark) document.querySelector('meta[name="theme-color"]').setAttribute('content', '#0f172a');
  } catch (e) {
    // Storage disabled: follow the system.
  }
})();
