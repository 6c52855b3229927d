// Online voting from a phone or a computer: the resident's clave de elector and the voting code of the letter the
// credential authority sent them (its QR opens this page with the Jornada and the code filled in).
import {
  ApiProblem, callApi, firstOpening, formatDayTime, h, identifierOf, jornadaInAddress, kioskVotesNow, noSuchJornada, queryParameter, serviceNow, showPanel, showProblem,
} from './api.js';
import { startVotingFlow, votingEndedFor, whyNotAcceptingBallots } from './voting-flow.js';

// The code from the letter's QR stays only in this page's memory; it is not kept in the address bar either. The QR
// puts it after the '#', which the browser never sends to a server; letters printed before had it in the query.
let codeFromLetter = takeCodeFromAddress(true);
let flow = null;

/**
 * The receipt last shown in this tab, kept in its sessionStorage (this tab's only, gone with it; never at a kiosk, whose
 * flow is given no store) so that a reload does not lose it: pull-to-refresh, or a phone that discarded the tab while
 * its camera photographed the receipt. Only the receipt code and its Jornada, which never say the choice; the flow
 * clears it with «Terminar», the idle clear, Back past it and a new ballot, and a letter's QR opened here is a new ballot.
 */
const receiptKey = 'votar.recibo';
const receiptStore = {
  write: entry => {
    try { sessionStorage.setItem(receiptKey, JSON.stringify(entry)); } catch { /* storage off or full: only on the screen */ }
  },
  clear: () => {
    try { sessionStorage.removeItem(receiptKey); } catch { /* storage off: nothing was kept */ }
  },
};

/** The receipt kept for this tab, if it is still to be shown (not past the time the screen would have been cleared). */
function keptReceipt() {
  try {
    const kept = JSON.parse(sessionStorage.getItem(receiptKey) ?? 'null');
    // Only this same page loaded again (a reload, or a tab the phone discarded and brought back): a tab closed and
    // reopened, or Back to it after leaving, restores sessionStorage too, and there the next person at a shared
    // computer would read the last one's receipt (a reviewer).
    const again = performance.getEntriesByType('navigation')[0]?.type === 'reload' || document.wasDiscarded === true;
    if (again && kept?.receipt && kept.jornadaId && Date.now() < kept.until && !codeFromLetter) return kept;
    receiptStore.clear();
  } catch { /* storage off, or not ours: nothing to show again */ }
  return null;
}

// The resident chose the Jornada from this page's list: the address they typed (the letter's) named none.
const chosenFromList = queryParameter('elegida') !== null && queryParameter('jornada') !== null;

/**
 * The letter's code in the address (after '#codigo=', or ?codigo= on older letters), taken out of it; else null. A chat
 * app or a mail program that turns the address into a link often takes the sentence's final period or a closing
 * bracket with it: a code never ends in punctuation, so whatever follows its last letter or digit is dropped.
 */
function takeCodeFromAddress(queryToo) {
  const code = (new URLSearchParams(location.hash.slice(1)).get('codigo') ?? (queryToo ? queryParameter('codigo') : null))
    ?.replace(/[^\p{L}\p{N}]+$/u, '');
  if (code !== undefined) {
    const url = new URL(location.href);
    url.searchParams.delete('codigo');
    url.hash = '';
    history.replaceState(null, '', url);
  }
  return code ?? null;
}

// A second letter's QR opened in the same tab changes only what follows the '#': the browser does not load the page
// again, so the page starts over itself with the new code, and nothing of the person before stays on it.
window.addEventListener('hashchange', () => {
  const code = takeCodeFromAddress(false);
  if (!code) return; // «Saltar al contenido» and other links within the page
  codeFromLetter = code;
  receiptStore.clear();
  flow?.stop();
  flow = null;
  begin();
});

// Five minutes without a touch clear the screen (a family's shared phone, a cyber-café computer), with a minute's warning.
const idle = { voterMs: 5 * 60_000, receiptMs: 5 * 60_000, warnMs: 60_000 };

// The Jornada first (public): if it takes no online ballots now, the resident learns it before typing anything.
// `refused`: the refusal that sent the resident back here, said on the welcome screen when the Jornada takes ballots.
/** The refusal of a ballot that was sent, said first: nothing of it was recorded. */
const notRecorded = problem => ({ ...problem, detail: `Su voto no se registró. ${problem.detail}` });

async function begin(refused, ballotSent = false) {
  nameTheIdentifier(null);
  if (codeFromLetter) forgotten.hidden = true;
  try {
    const kept = keptReceipt();
    const jornadaId = jornadaInAddress() ?? kept?.jornadaId ?? await pickJornada();
    if (!jornadaId) return;
    const jornada = await callApi(`/api/jornadas/${encodeURIComponent(jornadaId)}`).catch(error => {
      throw error instanceof ApiProblem && error.status === 404 ? noSuchJornada() : error;
    });
    document.querySelector('[data-fill="jornada-title"]').textContent = jornada.title;
    nameTheIdentifier(jornada); // also when it takes no ballots now: the help is read meanwhile
    const closed = whyNotAcceptingBallots(jornada, 'online');
    // A receipt shown before a reload comes back first, whether or not the Jornada still takes ballots.
    const again = kept?.jornadaId === jornada.id ? kept : null;
    if (!again) receiptStore.clear();
    if (closed && !again) return showUnavailable(ballotSent ? notRecorded(closed) : closed, jornada);
    stopGuardingTheCode();
    flow = startVotingFlow(showPanel('flow'), {
      online: true,
      votingCode: codeFromLetter,
      jornada,
      idle,
      receiptStore,
      keptReceipt: again,
      // The resident chose this Jornada from the list (their letter's address names none): a code refused as not
      // matching may be the letter of another one.
      otherJornada: chosenFromList ? () => h('span', {}, '¿Su carta es de otra Jornada? Revise el nombre de la Jornada en su carta y ',
        h('a', { href: 'votar.html' }, 'elíjala aquí'), '.') : undefined,
      onScreen: name => {
        help.open = name === 'welcome';
        keepReceiptWhileLinksOpen(name === 'receipt');
        // The receipt shown again after online voting ended: once it is cleared, the page says so, not «Comenzar».
        if (name === 'welcome' && closed) setTimeout(() => { flow?.stop(); flow = null; begin(); });
      },
      receiptHelp: answer => h('div', {},
        h('p', {}, 'Guárdelo: anótelo o tome una captura de pantalla.'),
        // In another tab: going back to this page would find the receipt gone (kept only for a reload of this tab, not
        // for the next person at this browser), and the resident may not have noted it yet. A row of links of their
        // own, not a sentence's: each a target as tall as its line (site.css .link-row).
        h('p', { class: 'link-row' },
          h('a', { href: answer.checkUrl, target: '_blank', rel: 'noopener' }, 'Comprobar mi recibo', h('span', { class: 'visually-hidden' }, ' (se abre en otra pestaña)')), ' · ',
          h('a', { href: `participacion.html?jornada=${encodeURIComponent(jornada.id)}`, target: '_blank', rel: 'noopener' }, '¿Alguien votó con mis datos?',
            h('span', { class: 'visually-hidden' }, ' (se abre en otra pestaña)')))),
      // A refusal that may be for now or for good (outside the hours: before or after them?): the Jornada's state says which.
      // A ballot the close caught on its way is said not to have been recorded, as the kiosk says it (an outside tester
      // read only «La Jornada ya cerró» after «Confirmar mi voto», and was left to guess).
      onClosed: (problem, ballotSent) => {
        takeBackTheCode();
        if (votingEndedFor.has(problem.code)) return showUnavailable(ballotSent ? notRecorded(problem) : problem);
        begin(problem, ballotSent);
      },
      onCredentialRefused: problem => {
        takeBackTheCode();
        showUnavailable(problem);
      },
    });
    // The flow holds the letter's code now, and forgets it when its screen is cleared for the next person or the code
    // is spent: a copy kept here would come back, filled in for whoever used the page next, when the page starts over.
    codeFromLetter = null;
    if (refused) flow.tell(refused);
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    showUnavailable(error);
  }
}

/** The code the stopped flow still held (none once its screen was cleared or the code spent), for its next start. */
function takeBackTheCode() {
  codeFromLetter = flow?.votingCode() ?? null;
  flow = null;
}

// A Jornada whose online voting ended this long ago is still offered: a resident with its letter learns that it closed,
// instead of typing the letter's code into another Jornada's ballot and reading that it does not match.
const recentlyEndedMs = 30 * 24 * 60 * 60_000;

/** When online voting ended for good: its planned end, or the Jornada's early close. */
const onlineEndedAt = j => (j.closedEarlyAt && Date.parse(j.closedEarlyAt) < Date.parse(j.online.closesAt) ? j.closedEarlyAt : j.online.closesAt);

/**
 * The Jornada of the resident's letter, when the address names none: straight to it when only one Jornada could be
 * (one with online voting, taking ballots, announced, or ended in the last 30 days); else null, and the resident picks
 * one from a list that says each one's online hours, or reads that none takes online ballots now. The list says only
 * whether a Jornada is open or still being prepared; each one is asked for its online window, which can end before its
 * kiosks close, or begin later (today, when the kiosks opened in the morning).
 */
async function pickJornada() {
  const list = await callApi('/api/jornadas');
  const since = serviceNow() - recentlyEndedMs; // after the list: its answer set the service's clock
  const candidates = list.filter(j => j.onlineVoting && j.status !== 'Withdrawn'
    && (j.status === 'Open' || j.status === 'Preparing' || Date.parse(j.votingClosesAt) >= since));
  // Withdrawn before it opened, its letters already mailed (the list holds no other withdrawn Jornada): whoever holds
  // one learns it here, until 30 days after its planned end, rather than finding other Jornadas or none.
  const withdrawn = list.filter(j => j.status === 'Withdrawn' && j.withdrawal && Date.parse(j.votingClosesAt) >= since);
  // Only Jornadas whose letters exist: one still being prepared, its codes not issued, has no letter in anyone's hands.
  const details = (await Promise.all(candidates.map(j => callApi(`/api/jornadas/${encodeURIComponent(j.id)}`))))
    .filter(j => j.online?.codesIssued && (!j.online.ended || Date.parse(onlineEndedAt(j)) >= since));
  offerKiosks(details);
  const open = details.filter(j => j.online.acceptingBallots);
  if (details.length + withdrawn.length > 1) return offerJornadas(open, details, withdrawn);
  if (open.length === 1) return open[0].id;
  // The only Jornada whose letter the resident may hold was withdrawn: its page says so, as its QR's address would.
  if (withdrawn.length === 1) return withdrawn[0].id;
  // Online voting that has not begun yet: when it does, trying again helps, so the page says when and offers it.
  const later = details.filter(j => !j.online.ended);
  showUnavailable({ code: 'not_accepting_ballots', title: 'No hay votaciones en línea abiertas', ended: later.length === 0,
    detail: ['Ahora no hay ninguna Jornada de Participación recibiendo votos en línea.',
      ...later.map(j => `En «${j.title}» se vota en línea del ${j.online.windowLabel} (hora del centro de México).`)].join(' ') });
  return null;
}

/**
 * Every Jornada whose letter the resident may hold, by its title and how its online voting stands: those taking
 * ballots first, then those that open later, then those that ended, the latest first, then those withdrawn before they
 * opened (their letters mailed). A choice opens the page with its Jornada in the address, marked as chosen here.
 */
function offerJornadas(open, all, withdrawn) {
  const now = serviceNow();
  const later = all.filter(j => !j.online.acceptingBallots && !j.online.ended)
    .sort((a, b) => Date.parse(a.online.opensAt) - Date.parse(b.online.opensAt));
  const ended = all.filter(j => !j.online.acceptingBallots && j.online.ended)
    .sort((a, b) => Date.parse(onlineEndedAt(b)) - Date.parse(onlineEndedAt(a)));
  const when = j => j.online.acceptingBallots ? `Se vota en línea hasta el ${formatDayTime(j.online.closesAt)}`
    // Never opened (still «Preparing» once its window is over): it did not close, it never took a ballot.
    : j.online.ended && j.status === 'Preparing' ? `No se abrió; su periodo terminó el ${formatDayTime(onlineEndedAt(j))}`
    // Its kiosks still take ballots: not «Cerró el …» over a Jornada one still votes in (the home page says so too).
    : j.online.ended && kioskVoting(j) === 'now'
      ? `La votación en línea terminó el ${formatDayTime(onlineEndedAt(j))}; aún se vota en un kiosco de su delegación hasta el ${formatDayTime(j.votingClosesAt)}`
    : j.online.ended ? `Cerró el ${formatDayTime(onlineEndedAt(j))}`
    // Its kiosks take ballots before online voting opens: not «Abre el …» over a Jornada one already votes in.
    : kioskVoting(j) === 'now'
      ? `La votación en línea abre el ${formatDayTime(j.online.opensAt)}; ya se vota en un kiosco de su delegación hasta el ${formatDayTime(j.votingClosesAt)}`
    : Date.parse(j.online.opensAt) > now ? `Abre el ${formatDayTime(j.online.opensAt)}`
    : `Aún no abre; se vota en línea del ${j.online.windowLabel}`;
  const panel = showPanel('pick');
  const choice = (j, line) => h('li', {},
    h('a', { class: 'choice', href: `?jornada=${encodeURIComponent(j.id)}&elegida=1` },
      h('span', { class: 'choice-title' }, j.title),
      h('span', {}, line)));
  panel.querySelector('[data-list]').replaceChildren(...[...open, ...later, ...ended].map(j => choice(j, `${when(j)} (hora del centro de México)`)),
    ...withdrawn.map(j => choice(j, `Se retiró el ${formatDayTime(j.withdrawal.withdrawnAt)} (hora del centro de México): no habrá votación y el código de su carta no se usará`)));
  guardTheCode();
  return null;
}

/**
 * The help says what this Jornada asks for: the clave de elector of the INE card, or the CURP; before the page knows
 * the Jornada (or when it could not load it), either, with no card named.
 */
const idNeed = document.querySelector('[data-fill="id-need"]');
const eitherIdentifier = idNeed.textContent;
function nameTheIdentifier(jornada) {
  idNeed.textContent = jornada ? identifierOf(jornada).need : eitherIdentifier;
  offerKiosks(jornada ? [jornada] : []);
}

/**
 * Kiosks are offered only while one of these Jornadas (the one chosen, or those the list offers) has one open and its
 * hours are not over: not in an online-only one, nor before the page knows of any, nor for a kiosk still waiting for
 * the IEEQ's authorization, which takes no ballot (the home page does not list it as a place to vote either).
 */
function offerKiosks(jornadas) {
  document.querySelector('[data-part="kiosk-alternative"]').hidden = !jornadas.some(jornada =>
    ['Preparing', 'Open'].includes(jornada.status) && !jornada.votingEnded && (jornada.kiosks ?? []).some(kioskVotesNow));
}

/**
 * How the Jornada's kiosks stand beside online voting that takes no ballots (over, or not open yet): 'now' while one
 * takes ballots, 'later' when one will within the kiosks' hours still to come; null when none will, or the Jornada is
 * not open (still being prepared, its kiosks take nothing).
 */
function kioskVoting(jornada) {
  if (!jornada?.online || jornada.online.acceptingBallots || jornada.status !== 'Open' || jornada.votingEnded) return null;
  const kiosks = jornada.kiosks ?? [];
  if (kiosks.some(k => k.takesBallots)) return 'now';
  return Date.parse(jornada.votingOpensAt) > serviceNow() && kiosks.some(kioskVotesNow) ? 'later' : null;
}

/**
 * Online voting takes no ballots now but the Jornada's kiosks do, or will: where and until when, beside the refusal.
 * After the online close (closing before the kiosks is the planned model) a resident who confirmed just after it read
 * only «Su voto no se registró» and «Ver resultados»; before online voting opens (the kiosks from 08:00, online from
 * 10:00) the kiosks taking ballots were only in the folded help (a reviewer). Null otherwise.
 */
function kiosksInstead(jornada) {
  const kiosks = kioskVoting(jornada);
  if (!kiosks) return null;
  const ended = jornada.online.ended;
  const when = kiosks === 'now' ? `hasta el ${formatDayTime(jornada.votingClosesAt)}`
    : `del ${formatDayTime(jornada.votingOpensAt)} al ${formatDayTime(jornada.votingClosesAt)}`;
  const can = !ended ? (kiosks === 'now' ? 'Ya puede votar' : 'También puede votar') : 'Aún puede votar';
  return h('span', { 'data-part': 'kiosks-instead' },
    `${can} en un kiosco de su delegación con ${identifierOf(jornada).card} ${when} (hora del centro de México): `,
    h('a', { href: './#kioscos' }, 'vea dónde están los kioscos'), '.');
}

/**
 * The Jornada's results page, named as the home page names it: nothing to see but the Jornada before any ballot is
 * taken, who took part while the vote is on, the results once it is over. The results list when the Jornada is unknown.
 */
function showResultsLink(link, jornada) {
  link.href = jornada ? `resultados.html?jornada=${encodeURIComponent(jornada.id)}` : 'resultados.html';
  // Before the first channel's hours: online voting that ran before the kiosks' hours took ballots already.
  const beforeItsHours = j => !j.acceptingBallots && !j.online?.acceptingBallots && !j.votingEnded && serviceNow() < firstOpening(j);
  link.textContent = !jornada ? 'Ver resultados'
    : ['Preparing', 'Withdrawn'].includes(jornada.status) || (jornada.status === 'Open' && beforeItsHours(jornada)) ? 'Ver la Jornada'
    : jornada.status === 'Open' ? 'Ver la participación' : 'Ver resultados';
}

/** Why nobody votes here now; «Volver a intentar» only where trying again later can change the answer. */
const notYet = new Set(['outside_online_window', 'outside_voting_window', 'not_accepting_ballots', 'jornada_not_open']);

function showUnavailable(problem, jornada) {
  const kiosks = kiosksInstead(jornada);
  // «No es posible votar» over «Aún puede votar en un kiosco» read as a contradiction: it is online voting that ended,
  // or that has not opened yet. Named before the panel shows, which focuses the heading: a screen reader reads it then.
  document.querySelector('[data-panel="unavailable"] h2').textContent = !kiosks ? 'No es posible votar en este momento'
    : jornada.online.ended ? 'La votación en línea terminó' : 'La votación en línea aún no abre';
  const panel = showPanel('unavailable');
  const alert = panel.querySelector('[data-alert]');
  showProblem(alert, problem);
  if (kiosks) alert.append(' ', kiosks);
  showResultsLink(panel.querySelector('[data-results]'), jornada);
  const forGood = Boolean(problem.ended) || votingEndedFor.has(problem.code) || problem.status === 404;
  panel.querySelector('[data-action="retry"]').hidden = forGood;
  // «Not yet» (online voting opens later) is no fault: said in the warning's colours, not an error's red (a service
  // that does not answer stays red).
  alert.classList.toggle('alert-later', !forGood && notYet.has(problem.code));
  guardTheCode();
}

// Outside the flow (the Jornada takes no online ballots now, or the resident is choosing one) the letter's code from
// the QR waits in this page's memory for «Volver a intentar»: five minutes without a touch forget it too, after the
// flow's minute of warning with «Necesito más tiempo», so that the next person at this phone does not find it filled in.
const codeWarning = document.querySelector('[data-code-warning]');
const forgotten = document.querySelector('[data-part="code-forgotten"]');
const guard = { forgetTimer: 0, warnTimer: 0, countdownTimer: 0, deadline: 0 };

function guardTheCode() {
  stopGuardingTheCode();
  if (!codeFromLetter) return;
  guard.deadline = Date.now() + idle.voterMs;
  guard.warnTimer = setTimeout(() => warnBeforeForgetting(Date.now() + idle.warnMs), idle.voterMs - idle.warnMs);
  guard.forgetTimer = setTimeout(forgetTheCode, idle.voterMs);
}

function stopGuardingTheCode() {
  clearTimeout(guard.forgetTimer);
  clearTimeout(guard.warnTimer);
  clearInterval(guard.countdownTimer);
  guard.deadline = 0;
  if (codeWarning.open) codeWarning.close();
}

function warnBeforeForgetting(deadline) {
  const tick = () => {
    const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    codeWarning.querySelector('[data-countdown]').textContent = `${left} ${left === 1 ? 'segundo' : 'segundos'}`;
  };
  tick();
  guard.countdownTimer = setInterval(tick, 1000);
  if (!codeWarning.open) codeWarning.showModal();
}

function forgetTheCode() {
  stopGuardingTheCode();
  codeFromLetter = null;
  forgotten.hidden = false;
}

// A phone that slept runs no timers meanwhile: seen again after the time ran out, the code is forgotten before anyone
// can go on with it.
function forgetIfIdleTooLong() {
  if (guard.deadline && Date.now() >= guard.deadline) forgetTheCode();
}

// Any touch or key outside the flow is the resident still there (the flow keeps its own time); a tap on the warning,
// its button or Escape is «Necesito más tiempo».
for (const type of ['pointerdown', 'keydown', 'input']) {
  document.addEventListener(type, () => {
    if (!guard.deadline || codeWarning.open) return;
    if (Date.now() >= guard.deadline) return forgetTheCode();
    guardTheCode();
  }, { passive: true });
}
codeWarning.addEventListener('click', () => { if (guard.deadline) guardTheCode(); });
codeWarning.addEventListener('cancel', event => {
  event.preventDefault();
  if (guard.deadline) guardTheCode();
});
document.addEventListener('visibilitychange', () => { if (!document.hidden) forgetIfIdleTooLong(); });
window.addEventListener('pageshow', forgetIfIdleTooLong);

/**
 * While the receipt shows, the header's and the footer's links open in another tab too: the code is kept nowhere else, and a tap on
 * «Comprobar un recibo» before writing it down would lose it for good.
 */
function keepReceiptWhileLinksOpen(onReceipt) {
  for (const link of document.querySelectorAll('.site-header a, .site-footer a')) {
    link.querySelector('[data-new-tab]')?.remove();
    if (onReceipt) {
      link.target = '_blank';
      link.rel = 'noopener';
      link.append(h('span', { class: 'visually-hidden', 'data-new-tab': '' }, ' (se abre en otra pestaña)'));
    } else {
      link.removeAttribute('target');
      link.removeAttribute('rel');
    }
  }
}

// The help folds away once the resident starts, so that on a small phone or with large text each step begins at the top.
const help = document.querySelector('[data-help]');

document.querySelector('[data-action="retry"]').addEventListener('click', () => begin());

// Leaving the page (Back past its first step, a link, closing the tab) forgets a half-done ballot: the browser keeps
// a page it leaves for Back and Forward exactly as it was, and on a shared computer the next person could bring it back.
// A reload keeps the receipt kept for this tab (the flow shows it again); a page kept for Back and Forward does not.
window.addEventListener('pagehide', event => flow?.forget({ keepReceipt: !event.persisted }));

begin();
