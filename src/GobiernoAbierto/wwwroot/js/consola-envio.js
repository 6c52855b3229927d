// A console form goes once: a second click (or Enter) while the first is on its way recorded the same thing twice
// (two identical Jornadas, both public), and on a form whose answer is a download (the voting codes' letters, served
// once) a second click cancelled the download of the first. The form can be sent again once the page is shown anew:
// the answer's page, the same page reloaded, or this one back from the browser's cache.

for (const form of document.querySelectorAll('form[method="post" i]')) {
  form.addEventListener('submit', (event) => {
    if (event.defaultPrevented) return; // not sent: refused in the browser (a file over the limit, consola.js)
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = 'true';
    form.setAttribute('aria-busy', 'true');
    for (const button of form.querySelectorAll('button:not([type="button"])')) button.setAttribute('aria-disabled', 'true');
    if ('download' in form.dataset) {
      // The answer is a file and this page stays: say so, since nothing else will.
      const note = document.createElement('p');
      note.className = 'hint';
      note.setAttribute('role', 'status');
      note.dataset.sendingNote = '';
      note.textContent = 'Enviado: el archivo se descarga en cuanto el servidor lo prepara. Para enviar este formulario otra vez, recargue la página.';
      form.append(note);
      watchDownload(form, note);
    }
  });
}

// The file's answer carries back the token this page sent (VotingCodesPage.SayDownloaded). When it arrives (with the
// answer's headers: the file may still be on its way) the page says so, with what the form says comes next
// (data-download-then), and drops what an earlier attempt left on it (a refusal, fields marked): a letter shown as failed
// was sent again, and that voided the one just printed.
const DOWNLOAD_COOKIE = 'ga-descarga';

function watchDownload(form, note) {
  const field = form.querySelector('[data-download-token]');
  if (!field || !window.crypto?.getRandomValues) return;
  const token = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
  field.value = token;
  const arrived = () => document.cookie.split('; ').includes(`${DOWNLOAD_COOKIE}=${token}`);
  const started = Date.now();
  const timer = setInterval(() => {
    if (!form.dataset.sending || Date.now() - started > 10 * 60 * 1000) return clearInterval(timer);
    if (!arrived()) return;
    clearInterval(timer);
    document.cookie = `${DOWNLOAD_COOKIE}=; Max-Age=0; Path=${window.location.pathname}; SameSite=Strict`;
    for (const stale of document.querySelectorAll('main .alert-error[data-answer]')) stale.remove();
    for (const error of form.querySelectorAll('.field-error')) error.remove();
    for (const marked of form.querySelectorAll('.has-error')) marked.classList.remove('has-error');
    for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
    const what = form.dataset.download.replace(/\{([^}]+)\}/g, (_, name) => form.elements.namedItem(name)?.value?.trim() ?? '');
    const at = new Date().toLocaleTimeString('es-MX', { timeZone: 'America/Mexico_City', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    note.className = 'alert alert-success';
    note.textContent = `${what} a las ${at} (hora del centro de México). ${form.dataset.downloadThen ?? ''}`.trim();
    form.dispatchEvent(new Event('ga:descargado')); // consola-borrador.js forgets the form's draft: it was done
  }, 500);
}

// A page drawn as a form's answer (a refusal with the form to correct) is a POST in the browser's history: coming Back to
// it showed the browser's English «Confirm form resubmission». Made a GET of the same address, Back and Reload ask for
// the page anew and never send the form again (a GET with ?handler= is the page's plain GET: no page has a GET handler
// of a POST handler's name). The address stays as it was: links that close a form lead elsewhere only because it differs.
if (document.body.dataset.answersPost) history.replaceState(history.state, '', location.href);

// What the form's answer says (a refusal, the fields to correct, or «Se abrió la Jornada» after the redirect) is where the
// person goes on from: focus starts there, so a screen reader reads it and Tab reaches its links to the fields, instead
// of the browser's start of the page (an alert already in the page when it loads is not announced by itself).
document.querySelector('[data-answer]')?.focus();

window.addEventListener('pageshow', () => {
  for (const form of document.querySelectorAll('form[data-sending]')) {
    delete form.dataset.sending;
    form.removeAttribute('aria-busy');
    for (const button of form.querySelectorAll('[aria-disabled="true"]')) button.removeAttribute('aria-disabled');
    for (const note of form.querySelectorAll('[data-sending-note]')) note.remove();
  }
});
