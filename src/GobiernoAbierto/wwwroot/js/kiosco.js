// The kiosk: staff set it up once with its credential; then residents vote one after another on the shared screen.
import { ApiProblem, callApi, clearProblem, h, showPanel, showProblem } from './api.js';
import { startVotingFlow, whyNotAcceptingBallots } from './voting-flow.js';

const storageKey = 'gobiernoabierto.kiosco.credencial';
const checkEveryMs = 60_000;
const idle = { voterMs: 60_000, receiptMs: 30_000 };
const nobodyVotesNow = new Set(['not_accepting_ballots', 'jornada_closed', 'jornada_not_open', 'outside_voting_window']);

const setupForm = document.querySelector('[data-form="setup"]');
const setupAlert = document.querySelector('[data-panel="setup"] [data-alert]');
const configureButton = document.querySelector('[data-action="configure"]');
let flow = null;

/** The kiosk's own record and its Jornada; throws ApiProblem. */
async function load(token) {
  const session = await callApi('/api/kiosk/session', { token });
  const jornada = await callApi(`/api/jornadas/${session.jornadaId}`);
  return { session, jornada };
}

async function connect({ inBackground = false } = {}) {
  const token = localStorage.getItem(storageKey);
  if (!token) return showSetup();
  try {
    apply(token, await load(token));
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    if (inBackground && error.isTransient && flow) return; // a blip while idle: keep the welcome screen
    if (error.status === 401 || error.status === 403) showSetup(error);
    else showOutOfService(error);
  }
}

function apply(token, { session, jornada }) {
  document.querySelector('[data-fill="jornada-title"]').textContent = jornada.title;
  document.querySelector('[data-fill="kiosk-place"]').textContent = `${session.name} · ${session.location}`;
  const closed = whyClosed(session, jornada);
  if (closed) return showOutOfService(closed);
  if (!flow) startFlow(token, jornada);
}

function whyClosed(session, jornada) {
  if (!session.active)
    return { code: 'kiosk_closed', title: 'Kiosco cerrado', detail: `El personal municipal cerró el kiosco «${session.name}»; ya no recibe votos.` };
  return whyNotAcceptingBallots(jornada);
}

function startFlow(token, jornada) {
  const root = showPanel('flow');
  flow = startVotingFlow(root, {
    token,
    jornada,
    idle,
    receiptHelp: () => h('span', {},
      'Anótelo o tómele una foto. Puede comprobarlo cuando quiera en la página «Comprobar recibo» (',
      h('strong', { class: 'address' }, `${location.host}/recibo.html`),
      '). Por su privacidad, esta pantalla se borrará sola en 30 segundos.'),
    onClosed: showOutOfService,
    onCredentialRefused: showSetup,
    onScreen: name => { configureButton.hidden = name !== 'welcome'; },
  });
}

function stopFlow() {
  flow?.stop();
  flow = null;
}

function showOutOfService(problem) {
  stopFlow();
  const panel = showPanel('out-of-service');
  showProblem(panel.querySelector('[data-alert]'), problem);
  // When the Jornada itself takes no ballots, there is nowhere else to vote either.
  panel.querySelector('[data-part="elsewhere"]').hidden = nobodyVotesNow.has(problem.code);
  configureButton.hidden = false;
}

/** The setup form; with a problem, the stored credential was refused and is shown why. */
function showSetup(problem) {
  stopFlow();
  showPanel('setup');
  configureButton.hidden = true;
  if (problem) showProblem(setupAlert, problem);
  else clearProblem(setupAlert);
  document.querySelector('[data-action="cancel-setup"]').hidden = !localStorage.getItem(storageKey) || Boolean(problem);
}

setupForm.addEventListener('submit', async event => {
  event.preventDefault();
  const token = setupForm.elements.credential.value.trim();
  if (!token) return showProblem(setupAlert, { title: 'Falta la credencial', detail: 'Pegue la credencial del kiosco.' });
  clearProblem(setupAlert);
  try {
    const state = await load(token);
    localStorage.setItem(storageKey, token);
    setupForm.reset();
    apply(token, state);
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    showProblem(setupAlert, error.status === 401 ? {
      title: 'Credencial no válida',
      detail: 'El servicio no reconoce esta credencial. Revise que la haya pegado completa (empieza con «kiosco_»).',
    } : error.status === 403 ? {
      title: 'No es una credencial de kiosco',
      detail: 'Use la credencial que se entregó al registrar este kiosco, no la de una persona.',
    } : error);
  }
});

document.addEventListener('click', event => {
  switch (event.target.closest('[data-action]')?.dataset.action) {
    case 'configure': return showSetup();
    case 'cancel-setup': return connect();
    case 'recheck': return connect();
  }
});

setInterval(() => {
  const outOfService = !document.querySelector('[data-panel="out-of-service"]').hidden;
  if (outOfService || flow?.screen() === 'welcome') connect({ inBackground: true });
}, checkEveryMs);

connect();
