// A console form goes once: a second click (or Enter) while the first is on its way recorded the same thing twice
// (two identical Jornadas, both public). The form takes sends again once the page comes back from the browser's cache
// (the back button), and after a while, for a form whose answer is a download and leaves the page where it is.
const AGAIN_AFTER_MS = 15000;

for (const form of document.querySelectorAll('form[method="post" i]')) {
  form.addEventListener('submit', (event) => {
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = 'true';
    form.setAttribute('aria-busy', 'true');
    setTimeout(() => ready(form), AGAIN_AFTER_MS);
  });
}

function ready(form) {
  delete form.dataset.sending;
  form.removeAttribute('aria-busy');
}

window.addEventListener('pageshow', () => {
  for (const form of document.querySelectorAll('form[data-sending]')) ready(form);
});
