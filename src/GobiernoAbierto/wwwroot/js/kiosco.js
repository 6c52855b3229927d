// The kiosk: staff set it up once by opening its configuration link on the device (kiosco.html#configurar=<credential>),
// which the device exchanges, once, for a credential of its own that only it keeps (the link is then spent: whoever
// copied it cannot vote as this kiosk); then residents vote one after another on the shared screen. Nothing on the residents' screens leads to the setup.
// The page keeps working as a page when the service does not answer: it checks /health/ready before a resident starts
// and at every step, says so in Spanish, and comes back by itself; a service worker (kiosco-sw.js) keeps the page
// itself, so a reload while the connection is down shows this page and not the browser's error page.
import { ApiProblem, callApi, clearProblem, formatDayTime, h, kioskVotesNow, serviceNow, serviceReadiness, showPanel, showProblem } from './api.js';
import { startVotingFlow, votingEndedFor, whyNotAcceptingBallots } from './voting-flow.js';

const storageKey = 'gobiernoabierto.kiosco.credencial';
const pendingKey = 'gobiernoabierto.kiosco.enlace-en-curso';
const checkWelcomeEveryMs = 30_000;
const checkOutOfServiceEveryMs = 10_000;
const checkClosedEveryMs = 60_000;
// How long a resident whose ballot was refused reads that it did not count, before the screen is the next person's.
const refusedNoticeMs = 30_000;
// The warning comes 20 s before the screen is cleared (WCAG 2.2.1): at 40 s of 60 on a step, at 10 s of 30 on the receipt.
const idle = { voterMs: 60_000, receiptMs: 30_000, warnMs: 20_000 };
const nobodyVotesNow = new Set(['not_accepting_ballots', 'jornada_closed', 'jornada_not_open', 'outside_voting_window']);

const serviceDown = {
  code: 'service_unreachable',
  title: 'Sin conexión con el servicio de votación',
  detail: 'Este kiosco no puede recibir votos en este momento. Nada de lo que se escribió en esta pantalla quedó guardado.',
};

// The service answered that it cannot take votes (its database is down or read-only): not this kiosk, nor its network;
// then no kiosk and no phone can vote either, which «Sin conexión» and «avise al personal» could not say.
const serviceCannotVote = {
  code: 'service_unavailable',
  title: 'El servicio de votación no puede recibir votos por ahora',
  detail: 'La falla es del servicio central, no de este kiosco ni de su conexión. Nada de lo que se escribió en esta pantalla quedó guardado.',
};
const serviceProblems = new Set([serviceDown, serviceCannotVote]);
let lastReadiness = 'ready'; // what the flow's last check of the service found (checkService below)

const notCounted = {
  code: 'kiosk_not_configured',
  title: 'Su voto no se registró',
  detail: 'El kiosco tuvo que terminar de configurarse y su voto no se contó. Por favor, vote de nuevo desde el inicio.',
};

const setupForm = document.querySelector('[data-form="setup"]');
const setupAlert = document.querySelector('[data-panel="setup"] [data-alert]');
let flow = null;
let recheckTimer = 0;
let configuredTimer = 0; // the configured screen's own check, apart from recheckTimer: it must never cancel another screen's
let awaitingNoticeUntil = 0;

/** The kiosk's own record and its Jornada; throws ApiProblem. */
async function load(token) {
  const session = await callApi('/api/kiosk/session', { token });
  const jornada = await callApi(`/api/jornadas/${session.jornadaId}`);
  return { session, jornada };
}

/** A credential of this device's own: the prefix and 32 random bytes in base64url, as the service makes its tokens. */
function newDeviceCredential() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return 'kiosco_' + btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The link being exchanged and the credential made for it, kept until the service has taken it; null if none. */
function pendingExchange() {
  try {
    return JSON.parse(localStorage.getItem(pendingKey) ?? 'null');
  } catch { return null; }
}

const sameKiosk = (a, b) => a.jornadaId === b.jornadaId && a.kioskId === b.kioskId;

/**
 * The kiosk this device already is: its stored credential, if the service knows it as a device's, and its state; else
 * null. Throws ApiProblem when the service does not answer (then nobody can tell, and no link is used).
 */
async function thisDevicesKiosk() {
  const stored = localStorage.getItem(storageKey);
  if (!stored) return null;
  try {
    const mine = await load(stored);
    return mine.session.configured ? { token: stored, state: mine } : null;
  } catch (error) {
    if (error instanceof ApiProblem && !error.isTransient) return null;
    throw error;
  }
}

/** This device's stored credential and its state, if it already is the kiosk this session names; else null. */
async function alreadyThisKiosk(session) {
  const stored = localStorage.getItem(storageKey);
  if (!stored) return null;
  try {
    const mine = await load(stored);
    return mine.session.configured && mine.session.jornadaId === session.jornadaId && mine.session.kioskId === session.kioskId
      ? { token: stored, state: mine } : null;
  } catch (error) {
    if (error instanceof ApiProblem) return null;
    throw error;
  }
}

/**
 * The kiosk's own record and its Jornada, for a device's credential. A configuration link's is exchanged first for a
 * credential this device makes, kept with the link before it is sent: an answer lost on the way is asked for again with
 * the same credential, which the service answers as done, so a dropped connection never spends the link for nothing.
 * Returns the credential to use; throws ApiProblem.
 */
async function loadAsDevice(token, loaded = null) {
  const state = loaded ?? await load(token);
  if (state.session.configured || !state.session.active) return { token, state };
  // The link opened again on the device it configured (a QR read twice): it stays the kiosk it is.
  const own = await alreadyThisKiosk(state.session);
  if (own) return own;
  const pending = pendingExchange();
  const credential = pending?.link === token ? pending.credential : newDeviceCredential();
  localStorage.setItem(pendingKey, JSON.stringify({ link: token, credential }));
  const kiosk = `/api/jornadas/${state.session.jornadaId}/kiosks/${encodeURIComponent(state.session.kioskId)}/activation`;
  try {
    await callApi(kiosk, { method: 'POST', token, body: { credential }, retry: true });
  } catch (error) {
    // Only a link whose answer may still be on its way is taken up again; a refused one is forgotten.
    if (!(error instanceof ApiProblem) || !error.isTransient) localStorage.removeItem(pendingKey);
    throw error;
  }
  localStorage.setItem(storageKey, credential);
  localStorage.removeItem(pendingKey);
  return { token: credential, state: await load(credential) };
}

/** Checks the kiosk and its Jornada and shows what follows; `refused`: the refusal that sent the resident back, if any. */
async function connect(refused) {
  // A link whose exchange was under way when the page went (a reload, a power cut) is taken up again.
  const stored = pendingExchange()?.link ?? localStorage.getItem(storageKey);
  if (!stored) return showUnconfigured();
  const readiness = await serviceReadiness();
  if (readiness !== 'ready') return showOutOfService(readiness === 'not-ready' ? serviceCannotVote : serviceDown);
  try {
    // A credential kept before configuration links existed may have become one (a projection rebuild): exchanged here.
    const { token, state } = await loadAsDevice(stored);
    apply(token, state, refused);
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    if (error.code === 'kiosk_already_configured') {
      // A stored link another device took first: useless here, and said so to staff.
      if (stored === localStorage.getItem(storageKey)) localStorage.removeItem(storageKey);
      showUnconfigured(error);
    } else if (error.status === 401 || error.status === 403) showUnconfigured(error);
    else showOutOfService(!error.isTransient ? error : error.code === 'service_unavailable' ? serviceCannotVote : serviceDown);
  }
}

function apply(token, { session, jornada }, refused) {
  showPlace(session, jornada);
  const closed = whyClosed(session, jornada);
  // Before the opening too: the IEEQ authorizes the kiosk while it waits for the vote to open.
  if (session.active && !session.authorized && ['Preparing', 'Open'].includes(jornada.status) && !closed?.ended) return showAwaitingIeeq(session, jornada, refused);
  if (closed && session.active && !closed.ended) return showBeforeOpening(session, jornada, closed, refused);
  // A resident whose ballot the close caught on its way is told it did not count.
  if (closed) return refused ? showBallotNotCounted(closed) : showOutOfService(closed);
  if (!flow) startFlow(token, jornada);
  // The service refused the ballot but the Jornada says it takes ballots (its window opened meanwhile, or the clocks
  // differ by a moment): the resident starts over, told why their vote did not count. The welcome screen has no idle
  // reset: the next check (refusedNoticeMs later) takes the notice away, so the next person does not read it as theirs.
  flow.tell(refused ?? null);
  schedule(refused ? refusedNoticeMs : checkWelcomeEveryMs);
}

function showPlace(session, jornada) {
  document.querySelector('[data-fill="jornada-title"]').textContent = jornada.title;
  document.querySelector('[data-fill="kiosk-place"]').textContent = `${session.name} · ${session.location}`;
}

function whyClosed(session, jornada) {
  if (!session.active) {
    const { otherKiosk, online } = elsewhereNow(session, jornada);
    const elsewhere = otherKiosk && online ? 'Acuda a otro kiosco o vote en línea.' : otherKiosk ? 'Acuda a otro kiosco.'
      : online ? 'Puede votar en línea.' : 'Pregunte al personal municipal dónde votar.';
    return { code: 'kiosk_closed', title: 'Kiosco cerrado', ended: true,
      detail: `El personal municipal cerró el kiosco «${session.name}»; ya no recibe votos. ${elsewhere}` };
  }
  return whyNotAcceptingBallots(jornada);
}

/**
 * Where else a resident can vote right now: another kiosk only if one of this Jornada takes ballots now (open, set up on
 * its device, authorized by the IEEQ, within the kiosks' hours), online only while online voting takes ballots. A kiosk
 * only configured, or online voting not open yet or over, would send them to a place that turns them away.
 */
function elsewhereNow(session, jornada) {
  return {
    otherKiosk: Boolean(jornada.acceptingBallots) && (jornada.kiosks ?? []).some(k => k.id !== session.kioskId && kioskVotesNow(k)),
    online: Boolean(jornada.online?.acceptingBallots),
  };
}

function startFlow(token, jornada) {
  const root = showPanel('flow');
  let shown = null;
  flow = startVotingFlow(root, {
    token,
    jornada,
    idle,
    receiptHelp,
    checkService: async () => (lastReadiness = await serviceReadiness()) === 'ready',
    // The session asked for is the kiosk's sign of life on the staff dashboard («Última señal», KioskSignal), and it is
    // never asked for during a resident's vote: back on the welcome screen after one, the kiosk checks in at once, or a
    // queue of residents, each starting before the 30 s came round, left a working kiosk looking dark for minutes.
    onScreen: name => {
      const back = name === 'welcome' && shown !== null && shown !== 'welcome';
      shown = name;
      if (back) schedule(0);
    },
    onServiceDown: () => showOutOfService(lastReadiness === 'not-ready' ? serviceCannotVote : serviceDown),
    // The Jornada closed under the resident: said at once. A refusal that may be for now or for good (outside the hours:
    // before or after them?), or the kiosk's close: the kiosk's and the Jornada's state say which, and where else to vote.
    onClosed: problem => {
      if (votingEndedFor.has(problem.code) && problem.code !== 'kiosk_closed') return showBallotNotCounted(problem);
      stopFlow();
      connect(problem);
    },
    // A link kept from before links existed, turned into one meanwhile (a projection rebuild): exchanged, then on.
    onCredentialRefused: problem => (problem.code === 'kiosk_not_configured' ? connect(notCounted) : showUnconfigured(problem)),
  });
}

function stopFlow() {
  flow?.stop();
  flow = null;
}

/**
 * Under the receipt at the kiosk: a QR code that opens the receipt check on the resident's phone with the code filled
 * in (drawn by the service: GET /api/receipts/{code}/qr), the address to type instead, and a printed copy.
 */
function receiptHelp(answer) {
  const qr = h('img', {
    src: `/api/receipts/${encodeURIComponent(answer.receipt)}/qr`,
    alt: `Código QR que abre la página «Comprobar mi recibo» con el código ${answer.receipt}`,
    width: '192',
    height: '192',
  });
  // The answer came and the connection went before the image did: a broken picture captioned «Escanéelo» is not shown;
  // the code itself is on the screen above it.
  qr.addEventListener('error', () => { qr.closest('figure').hidden = true; });
  return h('div', {},
    h('div', { class: 'receipt-extra' },
      h('figure', { class: 'receipt-qr' }, qr,
        h('figcaption', {}, 'Escanéelo con su teléfono: abre «Comprobar mi recibo» con su código ya escrito.')),
      // On the printed receipt «anotarlo o imprimirlo» would ask the paper to be printed.
      h('p', { class: 'receipt-text' },
        h('span', { class: 'no-print' }, 'También puede anotarlo o imprimirlo y comprobarlo'),
        h('span', { class: 'print-only print-inline' }, 'Compruébelo'),
        ' cuando quiera en la página «Comprobar mi recibo» (',
        h('strong', { class: 'address' }, `${location.host}/recibo.html`),
        ').', h('span', { class: 'no-print' }, ' Por su privacidad, esta pantalla se borrará sola en 30 segundos.'))),
    h('div', { class: 'actions no-print' },
      h('button', { type: 'button', class: 'button', 'data-action': 'print' }, 'Imprimir recibo')));
}

/**
 * Configured, not yet authorized: the fingerprint for the IEEQ's observer, checked again every 10 s. `refused`: a
 * resident's ballot was just refused on the way here (the kiosk turned out to wait for the IEEQ, or configured itself
 * again); they are told, for refusedNoticeMs, that it did not count and where else to vote.
 */
function showAwaitingIeeq(session, jornada, refused) {
  stopFlow();
  fillFingerprint(session);
  const panel = document.querySelector('[data-panel="awaiting-ieeq"]');
  // Focus moves to the heading only when the screen changes, not at each check.
  if (panel.hidden) showPanel('awaiting-ieeq');
  const alert = panel.querySelector('[data-alert]');
  if (refused) {
    awaitingNoticeUntil = Date.now() + refusedNoticeMs;
    const { otherKiosk, online } = elsewhereNow(session, jornada);
    // Only where a ballot is taken now (a kiosk the IEEQ has not authorized either, online not open yet).
    const where = otherKiosk && online ? 'votar en otro kiosco o en línea, o ' : otherKiosk ? 'votar en otro kiosco, o '
      : online ? 'votar en línea, o ' : '';
    showProblem(alert, { title: 'Su voto no se registró', detail: 'Este kiosco espera la autorización del IEEQ y por ahora no recibe votos. ' +
      `Puede ${where}volver en un momento.` });
  } else if (Date.now() >= awaitingNoticeUntil) clearProblem(alert); // shown once, kept a while, not announced again at each check
  schedule(checkOutOfServiceEveryMs);
}

/**
 * Configured, authorized or not needing it, before the voting hours (the Jornada not open yet, or open before its
 * window): a kiosk that is ready, not one out of service. `refused`: a resident's ballot refused on the way here.
 */
function showBeforeOpening(session, jornada, why, refused) {
  stopFlow();
  const panel = document.querySelector('[data-panel="before-opening"]');
  if (panel.hidden) showPanel('before-opening');
  panel.querySelector('[data-fill="before-opening-title"]').textContent = jornada.status === 'Preparing' ? 'La votación aún no abre' : 'Aún no empieza el horario de votación';
  panel.querySelector('[data-fill="before-opening-detail"]').textContent = why.detail;
  panel.querySelector('[data-part="authorized-ready"]').hidden = !session.authorized;
  const alert = panel.querySelector('[data-alert]');
  if (refused) showProblem(alert, { title: 'Su voto no se registró', detail: 'Este kiosco aún no recibe votos: su horario de votación no ha empezado.' });
  else clearProblem(alert);
  // Every minute, and three seconds after the hours begin (more than the two a device's clock may be off and still be
  // trusted, serviceNow), so the kiosk opens on time.
  const untilOpening = Date.parse(jornada.votingOpensAt) - serviceNow() + 3000;
  schedule(Math.min(untilOpening > 0 ? untilOpening : Infinity, refused ? refusedNoticeMs : checkClosedEveryMs));
}

function fillFingerprint(session) {
  for (const place of document.querySelectorAll('[data-fill="fingerprint"]')) place.textContent = session.fingerprint ?? '';
}

function showOutOfService(problem) {
  stopFlow();
  const panel = showPanel('out-of-service');
  showProblem(panel.querySelector('[data-alert]'), problem);
  const part = name => panel.querySelector(`[data-part="${name}"]`);
  const ended = problem.ended || votingEndedFor.has(problem.code);
  // A closed kiosk's alert already says where else to vote; otherwise a final state says only that it is final.
  part('outlook').hidden = problem.code === 'kiosk_closed';
  // When the Jornada itself takes no ballots, there is nowhere else to vote either. Without the service, this kiosk
  // cannot tell whether only it is cut off or the whole service is down (then nowhere takes ballots): staff can.
  part('elsewhere').hidden = ended || nobodyVotesNow.has(problem.code);
  part('elsewhere').textContent = problem === serviceDown
    ? 'Avise al personal municipal del kiosco: sabrá si mientras tanto se puede votar en otro kiosco o en línea. '
    : problem === serviceCannotVote
    ? 'Mientras dure, tampoco se vota en otros kioscos ni en línea: puede esperar aquí o volver más tarde. '
    : 'Mientras tanto, puede votar en otro kiosco o en línea. ';
  part('final').hidden = !ended;
  part('recovers').hidden = ended;
  part('recovers').textContent = serviceProblems.has(problem)
    ? 'Este kiosco vuelve a funcionar solo en cuanto el servicio responda; lo comprueba cada 10 segundos.'
    : nobodyVotesNow.has(problem.code) ? 'Este kiosco empieza a recibir votos solo en cuanto abra la votación; lo comprueba cada minuto.'
    : 'Este kiosco vuelve a funcionar solo en cuanto el servicio responda; lo comprueba cada minuto.';
  panel.querySelector('[data-action="recheck"]').hidden = ended;
  // Still checked now and then, in case staff undo what made it final.
  schedule(serviceProblems.has(problem) ? checkOutOfServiceEveryMs : checkClosedEveryMs);
}

/** Out of service, telling the resident who just confirmed that their ballot did not count; the next check, sooner than
 * the usual, shows the screen without it, so the next person at the kiosk does not read it as theirs. */
function showBallotNotCounted(problem) {
  showOutOfService({ ...problem, detail: `Su voto no se registró. ${problem.detail}` });
  schedule(refusedNoticeMs);
}

/** No credential on this device, or the stored one was refused: residents see why, and no form. */
function showUnconfigured(problem) {
  stopFlow();
  clearTimeout(recheckTimer);
  const panel = showPanel('unconfigured');
  const alert = panel.querySelector('[data-alert]');
  if (problem) showProblem(alert, { title: 'La credencial de este kiosco no es válida', detail: problem.detail ?? problem.title },
    'Avise al personal municipal: debe volver a abrir el enlace de configuración del kiosco.');
  else clearProblem(alert);
}

/** Staff's manual setup, for a device where the link cannot be opened: only through kiosco.html#configurar. */
function showSetup() {
  stopFlow();
  clearTimeout(recheckTimer);
  showPanel('setup');
  clearProblem(setupAlert);
  document.querySelector('[data-action="cancel-setup"]').hidden = !localStorage.getItem(storageKey);
}

/**
 * Which kiosk this device became, and while the IEEQ has not authorized it, its fingerprint, asked again every 10 s:
 * the observer at the desk sees the authorization arrive here. `again`: a later check, which moves no focus.
 */
function showConfigured({ session, jornada }, again = false) {
  if (!again) {
    stopFlow();
    clearTimeout(recheckTimer);
  }
  clearTimeout(configuredTimer);
  showPlace(session, jornada);
  const fill = (name, text) => { document.querySelector(`[data-fill="${name}"]`).textContent = text; };
  fill('configured-kiosk', `${session.name} (${session.kioskId})`);
  fill('configured-location', session.location);
  fill('configured-jornada', jornada.title);
  fillFingerprint(session);
  document.querySelector('[data-part="awaiting-ieeq"]').hidden = session.authorized;
  // Said only when it changes under the observer's eyes (a status region reads out what is put in it).
  fill('authorized', session.authorized && again ? 'El IEEQ autorizó este kiosco.' : session.authorized ? 'El IEEQ ya autorizó este kiosco.' : '');
  if (!again) showPanel('configured');
  // A closed kiosk will not be authorized: «Abrir la pantalla de votación» says what it is then.
  if (!session.authorized && session.active) configuredTimer = setTimeout(checkConfigured, checkOutOfServiceEveryMs);
}

async function checkConfigured() {
  const panel = document.querySelector('[data-panel="configured"]');
  const token = localStorage.getItem(storageKey);
  if (panel.hidden || !token) return;
  let state;
  try {
    state = await load(token);
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    // The service did not answer: asked again. A refused credential: the button's own check says why.
    if (error.isTransient && !panel.hidden) configuredTimer = setTimeout(checkConfigured, checkOutOfServiceEveryMs);
    return;
  }
  // Staff may have opened the voting screen while the answer was on its way.
  if (!panel.hidden) showConfigured(state, true);
}

/**
 * Checks a credential with the service and, if it is a kiosk's, keeps this device's own on it. Throws ApiProblem.
 * On a device that already is a kiosk, another kiosk's link (or another Jornada's) is not exchanged unless staff
 * `confirmed` it: the screen asks first (showRelink), or says why the link cannot be used and keeps the kiosk (showKept).
 */
async function configure(token, confirmed = false) {
  const link = await load(token);
  // Only a link is asked about: a device's credential typed in the form spends nothing (credentials from before links).
  const current = link.session.configured ? null : await thisDevicesKiosk();
  if (current && !sameKiosk(current.state.session, link.session)) {
    const unusable = whyLinkCannotBeUsed(link);
    if (unusable) return showKept(current.state, unusable);
    if (!confirmed) return showRelink(token, link, current.state);
  }
  const device = await loadAsDevice(token, link);
  localStorage.setItem(storageKey, device.token);
  showConfigured(device.state);
}

/** Why another kiosk's link would be refused (the service's reasons, ActivateKioskEndpoint), seen before anything is asked; else null. */
function whyLinkCannotBeUsed({ session, jornada }) {
  if (!['Preparing', 'Open'].includes(jornada.status)) return { title: 'Enlace de una Jornada terminada',
    detail: `El enlace es del kiosco «${session.name}» de la Jornada «${jornada.title}», que ya no se prepara ni está abierta: no configura ningún equipo.` };
  if (!session.active) return { title: 'Kiosco cerrado', detail: `El kiosco «${session.name}» está cerrado y su enlace ya no configura ningún equipo.` };
  const kiosk = (jornada.kiosks ?? []).find(k => k.id === session.kioskId);
  if (kiosk?.configured) return { title: 'Enlace ya usado',
    detail: `El enlace de configuración del kiosco «${session.name}» ya se usó` +
      (kiosk.configuredAt ? ` el ${formatDayTime(kiosk.configuredAt)} (hora del centro de México)` : '') +
      ' y sirve una sola vez. Si ningún equipo del personal se configuró entonces como ese kiosco, avise al personal municipal y al IEEQ.' };
  return null;
}

const kioskName = session => `${session.name} (${session.kioskId})`;
/** Whether a kiosk still receives ballots or will: open, in a Jornada that is being prepared or is open. */
const stillWorks = ({ session, jornada }) => session.active && ['Preparing', 'Open'].includes(jornada.status);
let offeredLink = null; // the other kiosk's link staff are asked about (showRelink); exchanged only when they confirm

function leaveForSetup() {
  stopFlow();
  clearTimeout(recheckTimer);
  clearTimeout(configuredTimer);
}

/**
 * Another kiosk's unused link on a device that already is a kiosk: a QR read by mistake would silently move this
 * device to the other kiosk and leave this one configured with no device, for good. Staff see both and choose; keeping
 * this kiosk is the first choice and nothing is sent until they confirm.
 */
function showRelink(token, link, current) {
  leaveForSetup();
  offeredLink = token;
  showPlace(current.session, current.jornada);
  const fill = (name, text) => { document.querySelector(`[data-fill="${name}"]`).textContent = text; };
  fill('relink-current-kiosk', kioskName(current.session));
  fill('relink-current-location', current.session.location);
  fill('relink-current-jornada', current.jornada.title);
  fill('relink-new-kiosk', kioskName(link.session));
  fill('relink-new-location', link.session.location);
  fill('relink-new-jornada', link.jornada.title);
  fill('relink-consequence', stillWorks(current)
    ? `Si lo convierte, el kiosco «${current.session.name}» deja de funcionar en este equipo y ya no se puede configurar en ` +
      'ningún otro: el personal municipal debe cerrarlo en su consola y, si hace falta, registrar otro.'
    : `Si lo convierte, este equipo deja de ser el kiosco «${current.session.name}», que ya no recibe votos.`);
  fill('relink-keep', `Seguir siendo «${current.session.name}»`);
  fill('relink-confirm', `Convertirlo en «${link.session.name}»`);
  const panel = showPanel('relink');
  showProblem(panel.querySelector('[data-alert]'), { title: `Este equipo ya es el kiosco «${current.session.name}».`,
    detail: `El enlace que se abrió es del kiosco «${link.session.name}». ¿Convertir este equipo en «${link.session.name}»?` });
}

/** A link this device could not use: it is still the kiosk it was, and staff read why before they go back to it. */
function showKept({ session, jornada }, why) {
  leaveForSetup();
  offeredLink = null;
  showPlace(session, jornada);
  const fill = (name, text) => { document.querySelector(`[data-fill="${name}"]`).textContent = text; };
  fill('kept-kiosk', kioskName(session));
  fill('kept-location', session.location);
  fill('kept-jornada', jornada.title);
  const panel = showPanel('kept');
  showProblem(panel.querySelector('[data-alert]'), why, 'Este equipo no usó el enlace.');
}

/** A link the service refused: on a device that is a kiosk, back to it, told why; elsewhere, said on the unconfigured screen. */
async function showRefusedLink(error) {
  let current = null;
  try {
    current = await thisDevicesKiosk();
  } catch (problem) {
    if (!(problem instanceof ApiProblem)) throw problem;
    // The service does not answer: the kiosk's own screen says so and comes back by itself, still the same kiosk.
    if (localStorage.getItem(storageKey)) return connect();
  }
  if (current) return showKept(current.state, refusal(error));
  leaveForSetup();
  const panel = showPanel('unconfigured');
  showProblem(panel.querySelector('[data-alert]'), refusal(error), 'Este equipo no guardó la credencial del enlace.');
}

/** Staff confirmed: the link offered by showRelink is exchanged now. */
async function relink() {
  const token = offeredLink;
  offeredLink = null;
  if (!token) return connect();
  try {
    await configure(token, true);
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    await showRefusedLink(error);
  }
}

function refusal(error) {
  return error.status === 401 ? {
    title: 'Credencial no válida',
    detail: 'El servicio no reconoce esta credencial de kiosco. Revise que esté completa (empieza con «kiosco_») o pida un enlace nuevo.',
  } : error.code === 'forbidden' ? {
    title: 'No es una credencial de kiosco',
    detail: 'Use la credencial que se entregó al registrar este kiosco, no la de una persona.',
  } : error.isTransient ? {
    title: serviceDown.title,
    detail: 'No se pudo comprobar la credencial. Vuelva a abrir el enlace de configuración cuando haya conexión.',
  } : error;
}

/**
 * The configuration link: kiosco.html#configurar=<credential>. The fragment never reaches the service; it is taken out
 * of the address (and this tab's Back) before anything else, then the credential is checked and stored as the
 * manual form does. kiosco.html#configurar alone opens the manual form. Returns false when there is no such fragment.
 */
async function takeConfigurationLink() {
  const link = /^#configurar(?:=(.*))?$/.exec(location.hash);
  if (!link) return false;
  history.replaceState(null, '', location.pathname + location.search);
  let token = '';
  try {
    token = decodeURIComponent(link[1] ?? '').trim();
  } catch { /* a malformed escape: treated as a credential the service will refuse */ token = link[1]; }
  if (!token) {
    showSetup();
    return true;
  }
  try {
    await configure(token);
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    await showRefusedLink(error);
  }
  return true;
}

/** The next background check: from the welcome screen or out of service, never in the middle of a resident's vote. */
function schedule(ms) {
  clearTimeout(recheckTimer);
  recheckTimer = setTimeout(() => {
    const waiting = ['out-of-service', 'awaiting-ieeq', 'before-opening'].some(name => !document.querySelector(`[data-panel="${name}"]`).hidden);
    if (waiting || flow?.screen() === 'welcome') connect();
    else schedule(ms || checkWelcomeEveryMs); // the check-in after a resident (0) must not spin while another one votes
  }, ms);
}

setupForm.addEventListener('submit', async event => {
  event.preventDefault();
  const token = setupForm.elements.credential.value.trim();
  if (!token) return showProblem(setupAlert, { title: 'Falta la credencial', detail: 'Pegue la credencial del kiosco.' });
  clearProblem(setupAlert);
  try {
    await configure(token);
    setupForm.reset();
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    showProblem(setupAlert, refusal(error));
  }
});

document.addEventListener('click', event => {
  switch (event.target.closest('[data-action]')?.dataset.action) {
    case 'cancel-setup':
    case 'open-kiosk':
    case 'recheck':
    case 'keep-kiosk':
      offeredLink = null;
      return connect();
    case 'relink':
      return relink();
    case 'print':
      return window.print();
  }
});

window.addEventListener('hashchange', () => { takeConfigurationLink(); });

// The browser keeps a page it leaves for its Back and Forward buttons (the back/forward cache) exactly as it was, and a
// touchscreen's swipe is a Back. A resident who leaves the kiosk page that way, on whatever step, leaves nothing for the
// next person to bring back with Forward: the screen is cleared as the page goes, and checked again when it comes back.
window.addEventListener('pagehide', () => flow?.forget());
window.addEventListener('pageshow', event => { if (event.persisted) connect(); });

// The page and its scripts, kept by the browser for when the service does not answer (secure contexts only: https or
// this machine itself); without it the kiosk still works, only a reload during an outage shows the browser's page.
navigator.serviceWorker?.register('/kiosco-sw.js', { scope: '/kiosco.html' }).catch(() => {});

if (!(await takeConfigurationLink())) connect();
