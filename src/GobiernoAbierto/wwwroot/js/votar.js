// Online voting from a phone. The real citizen portal signs the resident in and holds the portal's credential;
// this page stands in for it by asking for that credential once per tab.
import { ApiProblem, callApi, clearProblem, formatDateTime, h, queryParameter, showPanel, showProblem } from './api.js';
import { startVotingFlow, whyNotAcceptingBallots } from './voting-flow.js';

const storageKey = 'gobiernoabierto.portal.clave';
const accessForm = document.querySelector('[data-form="access"]');
const accessAlert = document.querySelector('[data-panel="access"] [data-alert]');
let checkedKey = null; // the stored key the service last accepted, so it is not asked again on every retry

// The Jornada first (public): if it takes no ballots now, the resident learns it before typing anything. Then the
// portal key, checked with the service right away rather than at «Confirmar».
async function begin() {
  try {
    const jornadaId = queryParameter('jornada') ?? await pickOpenJornada();
    if (!jornadaId) return;
    const jornada = await callApi(`/api/jornadas/${encodeURIComponent(jornadaId)}`);
    document.querySelector('[data-fill="jornada-title"]').textContent = jornada.title;
    const closed = whyNotAcceptingBallots(jornada);
    if (closed) return showUnavailable(closed);
    const token = await checkedPortalKey();
    if (token) startJornada(token, jornada);
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    showUnavailable(error);
  }
}

/** The stored portal key once the service accepts it; null when the access form is showing instead. */
async function checkedPortalKey() {
  const token = sessionStorage.getItem(storageKey);
  if (!token) {
    showAccess();
    return null;
  }
  if (token === checkedKey) return token;
  try {
    await callApi('/api/online/session', { token });
    checkedKey = token;
    return token;
  } catch (error) {
    if (!(error instanceof ApiProblem) || (error.status !== 401 && error.status !== 403)) throw error;
    sessionStorage.removeItem(storageKey);
    showAccess(keyRefused(error));
    return null;
  }
}

function keyRefused(problem) {
  return problem.status === 403
    ? { title: 'No es una clave del portal', detail: 'Esa credencial no es la del portal ciudadano. Escriba la clave de acceso del portal.' }
    : { title: 'Clave de acceso no válida', detail: 'El portal no reconoce esa clave. Revise que la haya escrito completa y escríbala de nuevo.' };
}

/** The only open Jornada's id; null when the resident must pick one (or there is none and that was said). */
async function pickOpenJornada() {
  const open = (await callApi('/api/jornadas')).filter(j => j.status === 'Open');
  if (open.length === 1) return open[0].id;
  if (open.length === 0) {
    showUnavailable({ title: 'No hay votaciones abiertas', detail: 'Ahora no hay ninguna Jornada de Participación recibiendo votos.' });
    return null;
  }
  const panel = showPanel('pick');
  panel.querySelector('[data-list]').replaceChildren(...open.map(j => h('li', {},
    h('a', { class: 'choice', href: `?jornada=${encodeURIComponent(j.id)}` },
      h('span', { class: 'choice-title' }, j.title),
      h('span', {}, `Vota hasta el ${formatDateTime(j.votingClosesAt)}`)))));
  return null;
}

function startJornada(token, jornada) {
  startVotingFlow(showPanel('flow'), {
    token,
    jornada,
    receiptHelp: answer => h('span', {},
      'Guárdelo: anótelo o tome una captura de pantalla. ',
      h('a', { href: answer.checkUrl }, 'Comprobar mi recibo')),
    onClosed: showUnavailable,
    onCredentialRefused: problem => {
      sessionStorage.removeItem(storageKey);
      checkedKey = null;
      showAccess(keyRefused(problem));
    },
  });
}

function showUnavailable(problem) {
  const panel = showPanel('unavailable');
  showProblem(panel.querySelector('[data-alert]'), problem);
}

function showAccess(problem) {
  showPanel('access');
  if (problem) showProblem(accessAlert, problem);
  else clearProblem(accessAlert);
}

accessForm.addEventListener('submit', event => {
  event.preventDefault();
  const key = accessForm.elements.key.value.trim();
  if (!key) return showProblem(accessAlert, { title: 'Falta la clave', detail: 'Escriba la clave de acceso del portal.' });
  sessionStorage.setItem(storageKey, key);
  accessForm.reset();
  begin();
});

document.querySelector('[data-action="retry"]').addEventListener('click', begin);

begin();
