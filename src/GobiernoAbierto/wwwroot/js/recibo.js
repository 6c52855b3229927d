// Checks a receipt code: is that vote in the count? The answer never says what the vote was.
import { ApiProblem, callApi, h, oneAtATime, queryParameter, upperCaseAsTyped } from './api.js';

const form = document.querySelector('[data-form="receipt"]');
const input = form.elements.code;
const result = document.querySelector('[data-result]');

// One check at a time: a double tap, or a second tap while a slow answer is on its way, sends nothing more.
const checkOnce = oneAtATime(form, () => check());

async function check() {
  const code = input.value.trim();
  if (!code) {
    input.focus();
    return result.replaceChildren(notice('problem', 'Falta el código', null, 'Escriba el código de recibo.'));
  }
  // «.» or «..» would leave the address as /api/receipts/ or /api/ (the browser resolves them as path steps), whose
  // «No encontrado» speaks of resources: a code without a single letter or digit is no receipt, said as the service says it.
  if (!/[0-9a-z]/i.test(code)) {
    input.focus();
    return result.replaceChildren(notice('problem', 'Código de recibo inválido', null, 'El código de recibo tiene 12 letras y números, por ejemplo 7K3M-Q9XA-2BFV.'));
  }
  result.replaceChildren(h('p', { class: 'progress' }, 'Comprobando…'));
  try {
    const status = await callApi(`/api/receipts/${encodeURIComponent(code)}`);
    // Not counted yet is not told apart from not there: the service never says whether a receipt waits in the sealed urn.
    // While a vote is open and the code could be a receipt (mayBeWaiting), missing is what a ballot in the urn looks like,
    // said calmly (a resident checking at once read «No aparece en el cómputo»); otherwise it is a mistake or the IEEQ's case.
    result.replaceChildren(status.counted
      ? notice('success', 'Voto contado', status.receipt, status.message, status.jornadaTitle)
      : status.mayBeWaiting
        ? notice('info', 'Aún no aparece en el cómputo (es normal durante la votación)', status.receipt, status.message)
        : notice('problem', 'No aparece en el cómputo', status.receipt, status.message));
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    result.replaceChildren(notice('problem', error.title, null, error.detail));
  }
}

function notice(kind, title, code, message, jornadaTitle) {
  return h('div', { class: `notice notice-${kind}` },
    h('h2', {}, title, code ? ' · ' : null, code ? h('span', { class: 'notice-code' }, code) : null),
    jornadaTitle ? h('p', {}, 'Jornada: ', h('strong', {}, jornadaTitle)) : null,
    h('p', {}, message));
}

form.addEventListener('submit', event => {
  event.preventDefault();
  checkOnce();
});

upperCaseAsTyped(input);

// The kiosk's QR and the online receipt's link bring the code in the address: it is checked, then taken out of the
// address bar and of this tab's Back and Forward. The browser's own history list keeps the address it opened: a page
// cannot remove that entry (README, «Online voting»).
const fromLink = queryParameter('codigo');
if (fromLink) {
  const url = new URL(location.href);
  url.searchParams.delete('codigo');
  history.replaceState(null, '', url);
  input.value = fromLink.toUpperCase();
  checkOnce(false);
}
