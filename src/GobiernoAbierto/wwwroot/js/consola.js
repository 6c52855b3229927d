// Console pages are server-rendered; this only wires the few buttons that need the browser.
for (const button of document.querySelectorAll('[data-print]')) {
  button.addEventListener('click', () => window.print());
}
