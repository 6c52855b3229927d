// Online voting from a phone. The real citizen portal signs the resident in and holds the portal's credential;
// this page stands in for it by asking for that credential once per tab.
import { ApiProblem, callApi, clearProblem, formatDateTime, h, queryParameter, showPanel, showProblem } from './api.js';
import { startVotingFlow } from './voting-flow.js';

const storageKey = 'gobiernoabierto.portal.clave';
const accessForm = document.querySelector('[data-form="access"]');
const accessAlert = document.querySelector('[data-panel="access"] [data-alert]');

async function begin() {
  const token = sessionStorage.getItem(storageKey);
  if (!token) return showAccess();
  try {
    const jornadaId = queryParameter('jornada') ?? await pickOpenJornada();
    if (jornadaId) await startJornada(token, jornadaId);
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    showUnavailable(error);
  }
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

async function startJornada(token, jornadaId) {
  const jornada = await callApi(`/api/jornadas/${encodeURIComponent(jornadaId)}`);
  document.querySelector('[data-fill="jornada-title"]').textContent = jornada.title;
  if (jornada.status !== 'Open')
    return showUnavailable({ title: jornada.statusLabel, detail: `Periodo de votación: ${jornada.votingWindowLabel} (hora del centro de México).` });
  startVotingFlow(showPanel('flow'), {
    token,
    jornada,
    receiptHelp: code => h('span', {},
      'Guárdelo: anótelo o tome una captura de pantalla. ',
      h('a', { href: `recibo.html?codigo=${encodeURIComponent(code)}` }, 'Comprobar mi recibo')),
    onClosed: showUnavailable,
    onCredentialRefused: () => {
      sessionStorage.removeItem(storageKey);
      showAccess({ title: 'Clave de acceso no válida', detail: 'El portal no reconoce esa clave. Escríbala de nuevo; después podrá votar.' });
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
