// The resident's voting flow, one step per screen, shared by the kiosk (kiosco.js) and online voting (votar.js):
// welcome, identifier and colonia, choice, confirmation, receipt.
import {
  ApiProblem, callApi, clearProblem, focusHeading, foldIdentifier, kioskVotesNow, formatCurrency, formatDayTime, h, identifierOf, invalidIdentifier, isValidIdentifier,
  normalizeIdentifier, notOnRoll, serviceNow, showProblem, upperCaseAsTyped,
} from './api.js';
import { formatVotingCode, hasValidCheck, normalizeVotingCode, whyNotAVotingCode } from './voting-code.js';

const steps = ['Inicio', 'Sus datos', 'Proyecto', 'Confirmar', 'Recibo'];
const stepOfScreen = { welcome: 1, identify: 2, choose: 3, confirm: 4, receipt: 5 };

// What the resident can fix on the identifier step.
// A clave not on the roll is most often one mistyped character: the resident corrects it there, their choice forgotten.
const fixOnIdentifyStep = new Set(['invalid_voter_id', 'colonia_outside_territory', 'colonia_required', 'validation_failed',
  'invalid_voting_credentials', 'voting_code_required', 'voting_code_mistyped', 'voting_code_revoked', 'not_on_voter_roll']);
// This person cannot vote here at all (or not now): say why and let them finish.
const personCannotVote = new Set(['already_voted', 'idempotency_key_other_ballot']);
// Nobody can vote here now: the page shows its out-of-service screen.
const votingClosed = new Set(['jornada_closed', 'jornada_not_open', 'outside_voting_window', 'kiosk_closed', 'kiosk_not_authorized', 'online_voting_disabled',
  'outside_online_window']);
// The device's credential was refused: staff (kiosk) or the resident (online) must enter it again.
const credentialRefused = new Set(['unauthenticated', 'forbidden', 'kiosk_not_registered', 'kiosk_not_configured']);

/** A kiosk a resident can be sent to: open, set up on its device and authorized by the IEEQ. */
const votesNow = kioskVotesNow;

const identifierLength = 18; // both the clave de elector and the CURP
const settleMs = 500; // longer than the two taps of a double tap

const markup = `
  <nav class="steps" aria-label="Avance">
    <p class="steps-now" data-steps-now></p>
    <ol class="steps-list" aria-hidden="true">${steps.map(name => `<li><span class="step-mark"></span><span class="step-name">${name}</span></li>`).join('')}</ol>
  </nav>

  <section class="screen" data-screen="welcome" hidden>
    <h2 tabindex="-1">Bienvenida</h2>
    <div class="alert" role="alert" data-alert></div>
    <p class="lead">Con su voto usted elige cuál de dos obras públicas se realizará en su delegación.</p>
    <ul class="checklist">
      <li>Tenga a la mano su <span data-fill="id-document"></span>.</li>
      <li>Su voto es secreto: nadie puede saber por quién votó.</li>
      <li>Cada persona vota una sola vez, en kiosco o en línea.</li>
    </ul>
    <p>Periodo de votación: <span data-fill="window"></span> (hora del centro de México).</p>
    <p class="alert alert-later" data-closing-soon hidden></p>
    <div class="actions"><button type="button" class="button primary big" data-action="start">Comenzar</button></div>
  </section>

  <section class="screen" data-screen="identify" hidden>
    <h2 tabindex="-1">Sus datos</h2>
    <p data-part="jornada" hidden>Jornada: <strong data-fill="jornada"></strong>. Revise que su carta diga el mismo nombre.</p>
    <div class="alert" role="alert" data-alert></div>
    <form data-form="identify" novalidate>
      <div class="field">
        <label for="voter-id" data-fill="id-label"></label>
        <p class="hint" id="voter-id-hint" data-fill="id-hint"></p>
        <input id="voter-id" name="voterId" type="text" autocomplete="off" autocapitalize="characters" autocorrect="off"
               spellcheck="false" maxlength="30" aria-describedby="voter-id-hint voter-id-error">
        <p class="field-error" id="voter-id-error" data-error="voterId"></p>
      </div>
      <div class="field" data-field="code" hidden>
        <label for="voting-code">Código de votación</label>
        <p class="hint" id="voting-code-hint">Los 16 caracteres de la carta que le llegó por correo, por ejemplo 7K3M-Q9XA-2BFD-8WNR. Es personal y secreto; sirve una sola vez.</p>
        <input id="voting-code" name="votingCode" type="text" autocomplete="off" autocapitalize="characters" autocorrect="off"
               spellcheck="false" maxlength="24" aria-describedby="voting-code-hint voting-code-error">
        <p class="field-error" id="voting-code-error" data-error="votingCode"></p>
      </div>
      <div class="field" data-field="colonia">
        <label for="colonia">Colonia donde vive</label>
        <select id="colonia" name="coloniaId" aria-describedby="colonia-error">
          <option value="">Elija su colonia…</option>
        </select>
        <p class="field-error" id="colonia-error" data-error="coloniaId"></p>
      </div>
      <p class="progress" role="status" data-checking></p>
      <div class="actions">
        <button type="button" class="button" data-action="restart">Regresar</button>
        <button type="submit" class="button primary">Continuar</button>
      </div>
    </form>
  </section>

  <section class="screen" data-screen="choose" hidden>
    <h2 tabindex="-1">Elija un proyecto</h2>
    <p><span data-fill="press"></span> el proyecto que prefiere. Antes de votar podrá revisar su elección.</p>
    <p class="alert" data-unchecked hidden>No pudimos comprobar sus datos en este momento: la conexión con el servicio falló. Se comprueban
      cuando confirme su voto.</p>
    <div class="option-cards" data-options></div>
    <div class="actions"><button type="button" class="button" data-action="to-identify">Regresar</button></div>
  </section>

  <section class="screen" data-screen="confirm" hidden>
    <h2 tabindex="-1">Revise su voto</h2>
    <div class="alert" role="alert" data-alert></div>
    <dl class="summary">
      <div><dt>Proyecto elegido</dt><dd data-fill="choice"></dd></div>
      <div><dt>Colonia</dt><dd data-fill="colonia"></dd></div>
      <div><dt data-fill="id-term">Clave de elector</dt><dd data-fill="voter"></dd></div>
    </dl>
    <p class="alert alert-later" data-closing-soon hidden></p>
    <p>Al confirmar, su voto queda guardado y ya no se puede cambiar.</p>
    <p class="progress" role="status" data-progress></p>
    <div class="actions">
      <button type="button" class="button" data-action="to-choose">Cambiar</button>
      <button type="button" class="button primary big" data-action="confirm">Confirmar mi voto</button>
    </div>
  </section>

  <section class="screen" data-screen="receipt" hidden>
    <h2 tabindex="-1" data-fill="receipt-title">Su voto fue registrado</h2>
    <p>Su código de recibo es:</p>
    <p class="receipt-code" data-fill="receipt"></p>
    <p>Con este código puede comprobar que su voto está en el cómputo. El código no revela por quién votó; aun así, es solo para usted: no lo comparta con nadie.</p>
    <p>Para proteger el secreto del voto, los votos entran al cómputo por grupos, revueltos: el suyo aparece en la comprobación cuando se
      reúnen varios votos, o al cierre de la votación. Si lo comprueba antes, es normal que aún no aparezca.</p>
    <div data-fill="receipt-help"></div>
    <div class="actions"><button type="button" class="button primary big" data-action="finish">Terminar</button></div>
  </section>

  <section class="screen" data-screen="notice" hidden>
    <div class="notice notice-problem">
      <h2 tabindex="-1" data-fill="notice-title"></h2>
      <p class="lead" data-fill="notice-detail"></p>
    </div>
    <div class="actions"><button type="button" class="button primary big" data-action="finish">Terminar</button></div>
  </section>

  <dialog class="timeout-warning" role="alertdialog" aria-labelledby="timeout-title" aria-describedby="timeout-text" data-timeout-warning>
    <h2 id="timeout-title">¿Necesita más tiempo?</h2>
    <p id="timeout-text">Por su privacidad, esta pantalla se borrará en <strong class="countdown" data-countdown></strong> si nadie la toca.</p>
    <p class="visually-hidden" aria-live="assertive" data-countdown-announce></p>
    <div class="actions"><button type="button" class="button primary big" data-action="more-time">Necesito más tiempo</button></div>
  </dialog>`;

/**
 * Why a Jornada (as GET /api/jornadas/{id} returns it) takes no ballots right now, as a problem to show; null when it
 * does. The service decides by its own clock (acceptingBallots) and says why not (notAcceptingReason); `ended` is true
 * when it never will again on this channel (its window is over or the Jornada closed), so nothing is worth retrying.
 */
export function whyNotAcceptingBallots(jornada, channel = 'kiosk') {
  // Withdrawn before it opened: the service's reason says so and why, on every channel.
  // Online, the address of its letter's QR: its notice says when, and what becomes of the letter's code.
  if (jornada.status === 'Withdrawn') {
    const detail = channel === 'online' && jornada.withdrawal?.notice ? jornada.withdrawal.notice : jornada.notAcceptingReason ?? '';
    return { code: jornada.notAcceptingCode ?? 'jornada_withdrawn', title: jornada.statusLabel, detail, ended: true };
  }
  if (channel === 'online') {
    if (!jornada.online) {
      // Its kiosks registered but waiting for the IEEQ's authorization refuse every ballot: «acuda a un kiosco» alone sent
      // residents to one that would refuse them. When the IEEQ authorizes them is not known: no time is promised.
      const kiosks = (jornada.kiosks ?? []).filter(k => k.active);
      const awaiting = !kiosks.some(kioskVotesNow) && kiosks.some(k => k.awaitsAuthorization);
      return { code: 'online_voting_disabled', title: 'Esta Jornada se vota en kiosco', ended: true,
        detail: !awaiting ? `No hay votación en línea: acuda a un kiosco de su delegación con ${identifierOf(jornada).card}.`
          : `No hay votación en línea: se vota en un kiosco de su delegación con ${identifierOf(jornada).card}. ` +
            (kiosks.length === 1 ? 'El kiosco de esta Jornada ya está registrado, pero el IEEQ aún no lo autoriza'
              : 'Los kioscos de esta Jornada ya están registrados, pero el IEEQ aún no los autoriza') +
            ' para recibir votos: vuelva a consultar más tarde.' };
    }
    if (jornada.online.acceptingBallots) return null;
    if (jornada.status === 'Open') {
      // The service's reason already says when online voting opens, or when it ended.
      return { code: jornada.online.notAcceptingCode ?? 'not_accepting_ballots', title: 'Fuera del horario de votación en línea',
        detail: jornada.online.notAcceptingReason ?? '', ended: jornada.online.ended };
    }
    if (jornada.status === 'Preparing') {
      // Never opened and its hours over: it never will be (the service's reason says so), nothing to wait for.
      if (jornada.online.ended) {
        return { code: jornada.online.notAcceptingCode ?? 'not_accepting_ballots', title: 'La votación no se abrió', ended: true,
          detail: jornada.online.notAcceptingReason ?? '' };
      }
      return { code: jornada.online.notAcceptingCode ?? 'not_accepting_ballots', title: 'Fuera del horario de votación en línea', ended: false,
        detail: `${jornada.online.notAcceptingReason ?? ''} En línea se vota del ${jornada.online.windowLabel} (hora del centro de México).`.trim() };
    }
  } else if (jornada.acceptingBallots) return null;
  // The service's votingEnded: its hours are over or it closed, whatever its status (one never opened included).
  const ended = Boolean(jornada.votingEnded) || !['Preparing', 'Open'].includes(jornada.status);
  const lapsed = jornada.status === 'Preparing' && ended;
  const title = lapsed ? 'La votación no se abrió'
    : jornada.status === 'Preparing' ? 'La votación aún no abre'
    : jornada.status === 'Open' ? 'Fuera del horario de votación'
    : jornada.statusLabel;
  const then = lapsed ? ''
    : jornada.status === 'Preparing' ? ` Periodo de votación: ${jornada.votingWindowLabel} (hora del centro de México).`
    : jornada.status === 'Open' ? ''
    : ' Los resultados se publican en la página «Resultados».';
  return { code: 'not_accepting_ballots', title, detail: `${jornada.notAcceptingReason ?? ''}${then}`.trim(), ended };
}

/** A refusal after which nobody will vote again here, whenever they try: the Jornada closed, or this kiosk did. */
export const votingEndedFor = new Set(['jornada_closed', 'kiosk_closed', 'online_voting_disabled']);

/**
 * Runs the flow inside `root` for one Jornada (as GET /api/jornadas/{id} returns it): at a kiosk with the kiosk's
 * credential (`token`), or online (`online: true`), where the resident adds the voting code of their letter (`votingCode`
 * prefills it, from the letter's QR). The page decides what happens around it:
 *   idle            { voterMs, receiptMs, warnMs }: go back to the welcome screen after that long without a touch (the
 *                   kiosk; online too, for a shared phone or a cyber-café computer), forgetting the letter's code too,
 *                   warning warnMs before with a countdown and «Necesito más tiempo» (WCAG 2.2.1: at least 20 s)
 *   checkService    async () => boolean: asked before every step; false stops the flow and calls onServiceDown (kiosk)
 *   receiptHelp     (answer) => node: how to check the receipt from here; answer is the service's { receipt, checkUrl, … }
 *   otherJornada    () => node: online, added where the clave and the code do not match, when the letter may be of another
 *                   Jornada (the resident chose this one from a list)
 *   onClosed        (problem, ballotSent): nobody can vote here now (the flow has already stopped); ballotSent: the
 *                   refusal answered the ballot itself, which was not recorded
 *   onCredentialRefused (problem): the credential was refused (the flow has already stopped)
 *   onServiceDown   (): checkService said no (the flow has already stopped, the resident's data with it)
 *   onScreen        (name): a screen was shown (welcome, identify, choose, confirm, receipt, notice)
 *   receiptStore    online only, never at a kiosk (the next person there must not see it): { write(entry), clear() } that
 *                   keeps the receipt shown ({ jornadaId, receipt, checkUrl, until }: never the choice) for this tab,
 *                   so that a reload (pull-to-refresh, a phone that dropped the tab while its camera photographed the
 *                   receipt) can show it again; cleared by «Terminar», the idle clear, Back past it and a new ballot
 *   keptReceipt     the entry receiptStore kept, to show again at once instead of the welcome screen
 * Returns { stop, screen, forget, tell, votingCode } where screen() names the screen showing, forget() drops whatever the
 * resident typed or chose and shows the welcome screen (forget({ keepReceipt: true }), as the page unloads, leaves
 * receiptStore's entry for the page a reload brings), tell(problem) says on the welcome screen why the resident is there
 * again (a refusal the page's check of the Jornada did not confirm; the next reset or tell(null) takes it away), and votingCode() is
 * the letter's code it was given, until it is spent or the screen is cleared for the next person (then undefined).
 */
export function startVotingFlow(root, {
  token, online = false, votingCode, jornada, idle, receiptHelp, otherJornada, checkService, onClosed, onCredentialRefused, onServiceDown, onScreen,
  receiptStore, keptReceipt,
}) {
  const listeners = new AbortController();
  let voter = null; // { key, voterId, votingCode, coloniaId, optionId }: all that a resident typed or chose, dropped on reset
  const coloniaFromRoll = Boolean(jornada.coloniasFromRoll);
  let screen = null;
  let busy = false;
  let moving = false; // a step is waiting for checkService: further taps wait too
  let idleTimer = 0;
  let warnTimer = 0;
  let countdownTimer = 0;
  let warnedFrom = null; // what had the focus when the warning opened: it gets it back with «Necesito más tiempo»
  let heldOnce = false; // Back was pressed once on a receipt, a notice or a ballot of unknown outcome, and held there
  let shownReceipt = null; // the receipt on the screen, as receiptStore keeps it
  let idleDeadline = 0; // when the screen is cleared for lack of a touch (0: never, as on the welcome screen)
  let closingTimer = 0; // re-says how long is left while a screen with that notice shows
  const identifier = identifierOf(jornada);
  // A kiosk's screen is touched; online, people click as often as they tap.
  const press = online ? 'Seleccione' : 'Toque';

  const find = selector => root.querySelector(selector);
  const fill = (name, ...content) => find(`[data-fill="${name}"]`).replaceChildren(...content);
  const colonias = jornada.delegaciones.flatMap(d => d.colonias.map(c => ({ ...c, delegacion: d.name })));

  // Rebuilding the screens from the template is how a reset forgets the previous resident: no input value, summary
  // or receipt survives it, whatever the screen it happened on.
  function render() {
    root.innerHTML = markup;
    // Online the letter's code is needed too: the checklist used to name only the INE card.
    fill('id-document', online ? `${identifier.document} y la carta con su código de votación` : identifier.document);
    fill('id-label', identifier.label);
    fill('id-hint', `Escriba ${jornada.voterIdHint}.`);
    fill('id-term', identifier.label);
    fill('press', press);
    fill('window', online ? jornada.online.windowLabel : jornada.votingWindowLabel);
    upperCaseAsTyped(find('#voter-id'));
    find('[data-field="code"]').hidden = !online;
    // Online the resident types their letter's code here: the letter names its Jornada, and another one may be open too.
    find('[data-part="jornada"]').hidden = !online;
    fill('jornada', jornada.title);
    find('[data-field="colonia"]').hidden = coloniaFromRoll;
    if (online) {
      upperCaseAsTyped(find('#voting-code'));
      if (votingCode) find('#voting-code').value = formatVotingCode(votingCode) ?? votingCode;
    }
    find('#colonia').append(...jornada.delegaciones.map(d =>
      h('optgroup', { label: `Delegación ${d.name}` }, ...d.colonias.map(c => h('option', { value: c.id }, c.name)))));
    find('[data-options]').append(...jornada.options.map(o =>
      h('button', { type: 'button', class: 'option-card', 'data-option': o.id },
        h('span', { class: 'option-letter' }, `Proyecto ${o.id}`),
        h('span', { class: 'option-title' }, o.title),
        h('span', { class: 'option-description' }, o.description),
        h('span', { class: 'option-cost' }, `Costo estimado: ${formatCurrency(o.estimatedCost)}`),
        h('span', { class: 'option-cta', 'aria-hidden': 'true' }, 'Elegir este proyecto'))));
  }

  function show(name) {
    screen = name;
    heldOnce = false;
    for (const section of root.querySelectorAll('[data-screen]')) section.hidden = section.dataset.screen !== name;
    settle(find(`[data-screen="${name}"]`));
    const step = stepOfScreen[name];
    const nav = find('.steps');
    nav.hidden = !step;
    if (step) {
      find('[data-steps-now]').textContent = `Paso ${step} de ${steps.length}: ${steps[step - 1]}`;
      root.querySelectorAll('.steps-list li').forEach((item, i) => {
        item.className = i + 1 < step ? 'done' : i + 1 === step ? 'current' : '';
      });
    }
    const closingSoon = find(`[data-screen="${name}"] [data-closing-soon]`);
    sayIfClosingSoon(closingSoon);
    clearInterval(closingTimer);
    // A kiosk's welcome screen may stand for many minutes: the count goes on.
    if (closingSoon) closingTimer = setInterval(() => sayIfClosingSoon(closingSoon), 30_000);
    focusHeading(find(`[data-screen="${name}"]`));
    armIdleTimer();
    if (online) remember(name);
    onScreen?.(name);
  }

  // In the last quarter of an hour a resident is told how long is left, at the start and before confirming: a choice
  // confirmed a minute late was refused and lost with no warning. Online, a Jornada whose kiosks close later says so.
  function sayIfClosingSoon(notice) {
    if (!notice) return;
    const closesAt = Date.parse(online ? jornada.online.closesAt : (jornada.closedEarlyAt ?? jornada.votingClosesAt));
    const left = closesAt - serviceNow();
    notice.hidden = !(left > 0 && left <= 15 * 60_000);
    if (notice.hidden) return;
    const minutes = Math.floor(left / 60_000);
    const kiosksLater = online && Date.parse(jornada.votingClosesAt) > closesAt && !jornada.closedEarlyAt && (jornada.kiosks ?? []).some(votesNow);
    const howLong = minutes >= 2 ? `Quedan ${minutes} minutos` : minutes === 1 ? 'Queda poco más de un minuto' : 'Queda menos de un minuto';
    notice.textContent = `${howLong} para votar${online ? ' en línea' : ''}: ` +
      `cierra el ${formatDayTime(closesAt)} (hora del centro de México), y un voto confirmado después ya no se recibe.` +
      (kiosksLater ? ` Después aún puede votar en un kiosco de su delegación hasta el ${formatDayTime(jornada.votingClosesAt)} (hora del centro de México).` : '');
  }

  // A double tap (common with older residents and on touchscreens) moves on with its first tap; its second one must not
  // land on whatever the new screen has in that place: «Confirmar mi voto» sits where a project card's lower corner was,
  // and «Terminar» where «Confirmar mi voto» was. A new screen takes no taps for a moment.
  function settle(section) {
    section.classList.add('settling');
    setTimeout(() => section.classList.remove('settling'), settleMs);
  }

  // Online, on a phone, the browser's Back button steps back through the flow instead of leaving the page with what
  // the resident typed; it never leaves a receipt, a notice or a ballot being sent. (A kiosk has no Back button.)
  // Each entry holds its step and how many entries after the flow's first one it is (depth), so that Back can go
  // straight to that first entry, from where one more Back leaves the page.
  function remember(name) {
    if (history.state?.votingStep === name) return;
    if (name === 'welcome') history.replaceState({ votingStep: name, depth: 0 }, '');
    else history.pushState({ votingStep: name, depth: (history.state?.depth ?? 0) + 1 }, '');
  }

  function canReturnTo(name) {
    if (busy || moving || screen === 'receipt' || screen === 'notice') return false;
    if (name === 'welcome') return true;
    if (name === 'identify') return voter !== null;
    if (name === 'choose') return Boolean(voter?.voterId) && !voter.sent;
    if (name === 'confirm') return Boolean(voter?.optionId);
    return false;
  }

  // Back never traps anyone on the page: a step that cannot come back (its data forgotten, or the ballot already cast)
  // sends Back to the flow's first entry, the welcome screen with nothing of the person, and the next Back leaves.
  // Only a ballot being sent holds the screen, and a receipt or a notice holds it for one Back (a reflex press must
  // not lose the receipt code before it is written down).
  if (online) {
    window.addEventListener('popstate', event => {
      const wanted = event.state?.votingStep;
      if (!wanted) return; // the entry before the flow began: the browser leaves as usual
      if (wanted === screen) return;
      // Back to the welcome screen is someone leaving (the page looks new): nothing of theirs stays to come back with
      // Forward or to fill the next person's form (an outside tester cast the last person's ballot on a shared computer so).
      // The letter's code from its QR too: whoever presses «Comenzar» next would find it filled in beside a clave they
      // may know (the owner has the letter to scan again).
      if (wanted === 'welcome' && canReturnTo(wanted)) return clearForNextPerson();
      if (canReturnTo(wanted)) return show(wanted);
      const depth = event.state.depth ?? 0;
      const finished = screen === 'receipt' || screen === 'notice';
      // A ballot sent whose answer never came: its Idempotency-Key, kept only here, is what gets its receipt back.
      const unknownOutcome = screen === 'confirm' && Boolean(voter?.sent);
      if (busy || moving || ((finished || unknownOutcome) && !heldOnce)) {
        heldOnce = finished || unknownOutcome;
        history.pushState({ votingStep: screen, depth: depth + 1 }, ''); // stay where the resident is
        if (unknownOutcome && !busy && !moving) sayConfirmToKnow();
        return;
      }
      if (screen !== 'welcome') reset();
      if (depth > 0) history.go(-depth);
    }, { signal: listeners.signal });
  }

  // keepReceipt: the page is being unloaded (a reload), and the receipt kept for this tab stays for the page it loads.
  function reset({ keepReceipt: keep = false } = {}) {
    voter = null;
    busy = false;
    if (keep) shownReceipt = null;
    else forgetReceipt();
    warnedFrom = null;
    render();
    show('welcome');
  }

  function stop() {
    voter = null;
    clearTimers();
    clearInterval(closingTimer);
    listeners.abort();
    root.replaceChildren();
  }

  function clearTimers() {
    clearTimeout(idleTimer);
    clearTimeout(warnTimer);
    clearInterval(countdownTimer);
  }

  // Any touch, key or typing is the resident still there: the wait starts again and a warning showing goes away.
  function armIdleTimer() {
    // A touch that comes after the time ran out (a computer woken from sleep, whose timers stood still) is the next person's.
    if (idleDeadline && Date.now() >= idleDeadline) return clearForNextPerson();
    clearTimers();
    closeWarning();
    idleDeadline = 0;
    // The welcome screen waits for anyone, unless it holds a letter's code from its QR (a shared phone left there).
    if (!idle || busy || (screen === 'welcome' && !votingCode)) return;
    const wait = screen === 'receipt' || screen === 'notice' ? idle.receiptMs : idle.voterMs;
    const warning = Math.min(idle.warnMs ?? 0, wait);
    idleDeadline = Date.now() + wait;
    // A receipt kept for a reload is kept no longer than the screen would show it.
    if (screen === 'receipt' && shownReceipt) keepReceipt({ ...shownReceipt, until: idleDeadline });
    if (warning > 0) warnTimer = setTimeout(() => warn(Date.now() + warning), wait - warning);
    idleTimer = setTimeout(clearForNextPerson, wait);
  }

  // Nobody touched the screen for too long: whoever comes next finds no trace of the last person, not even the letter's
  // code the QR filled in (its owner has the letter to type it again).
  function clearForNextPerson() {
    idleDeadline = 0;
    votingCode = undefined;
    reset();
  }

  // A phone that slept or a laptop closed in a cyber-café runs no timers meanwhile: when the page is seen again after
  // its time ran out, it is cleared before anyone can read it.
  function clearIfIdleTooLong() {
    if (idleDeadline && Date.now() >= idleDeadline) clearForNextPerson();
  }

  /** The warning before the screen is cleared: a countdown, announced when it opens and at 10 and 5 seconds left. */
  function warn(deadline) {
    const dialog = find('[data-timeout-warning]');
    if (!dialog) return;
    const announce = find('[data-countdown-announce]');
    announce.textContent = '';
    const tick = () => {
      const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      find('[data-countdown]').textContent = `${left} ${left === 1 ? 'segundo' : 'segundos'}`;
      if (left === 10 || left === 5) announce.textContent = `Quedan ${left} segundos.`;
    };
    tick();
    countdownTimer = setInterval(tick, 1000);
    if (!dialog.open) {
      warnedFrom = document.activeElement;
      dialog.showModal();
    }
  }

  function closeWarning() {
    const dialog = find('[data-timeout-warning]');
    if (dialog?.open) dialog.close();
  }

  const warningOpen = () => Boolean(find('[data-timeout-warning]')?.open);

  // «Necesito más tiempo» (or Escape): the time starts again and the resident is back where they were, focus included.
  // Only the button's click closes the warning, the last event of the tap or key: a warning closed by the tap's first
  // event (its pointerdown) let the rest of that tap land on whatever lies beneath the button, a project or «Confirmar
  // mi voto». The screen then takes no taps for a moment, as a new one does.
  function moreTime() {
    const back = warnedFrom;
    armIdleTimer();
    if (back?.isConnected && !back.closest('[hidden]')) back.focus({ preventScroll: true });
    const section = find(`[data-screen="${screen}"]`);
    if (section) settle(section);
  }

  /**
   * Moves to another step once checkService says the service answers; when it does not, the flow stops here (nothing
   * the resident typed is kept) and the page shows why. Without checkService (online), moves at once.
   */
  async function go(name, before) {
    if (moving) return;
    moving = true;
    try {
      if (checkService && !(await checkService())) {
        if (listeners.signal.aborted) return;
        stop();
        onServiceDown?.();
        return;
      }
      if (listeners.signal.aborted) return; // the page stopped the flow meanwhile (out of service, closed)
      before?.();
      show(name);
    } finally {
      moving = false;
    }
  }

  async function submitIdentity(form) {
    const input = form.elements.voterId;
    const voterId = normalizeIdentifier(input.value); // as the service reads it: a dash of any kind is no character
    const coloniaId = coloniaFromRoll ? null : form.elements.coloniaId.value;
    // Characters as the resident sees them: «😀» is one, not the two UTF-16 units of voterId.length.
    const typed = [...voterId].length;
    const idError = typed === identifierLength ? '' : typed === 0
      ? `Escriba ${identifier.the}.`
      : `Debe tener ${identifierLength} caracteres; escribió ${typed}.`;
    setFieldError(input, idError);
    const code = online ? normalizeVotingCode(form.elements.votingCode.value) : null;
    const codeError = !online ? ''
      : form.elements.votingCode.value.trim() === '' ? 'Escriba el código de votación de su carta.'
      : code === null ? whyNotAVotingCode(form.elements.votingCode.value)
      : hasValidCheck(code) ? '' : 'Ese código tiene un error de escritura: revise cada carácter contra su carta.';
    if (online) setFieldError(form.elements.votingCode, codeError);
    if (!coloniaFromRoll) setFieldError(form.elements.coloniaId, coloniaId ? '' : 'Elija la colonia donde vive.');
    // A refusal about what was sent before («Clave o código incorrectos», «fuera del padrón») would stand beside the
    // new mistake as if it were about it: it goes as soon as the data are sent again.
    const alert = find('[data-screen="identify"] [data-alert]');
    clearProblem(alert);
    if (idError) return input.focus();
    // The format too (a birth month 13, a CURP's check digit) before the resident chooses, in the words the page uses
    // for the service's own refusal; the service checks it again with the ballot.
    if (!isValidIdentifier(jornada, foldIdentifier(jornada.voterIdKind, normalizeIdentifier(voterId)))) {
      showProblem(alert, invalidIdentifier(jornada));
      input.setAttribute('aria-invalid', 'true');
      return input.focus();
    }
    if (codeError) return form.elements.votingCode.focus();
    if (!coloniaFromRoll && !coloniaId) return form.elements.coloniaId.focus();

    // One key per person's ballot, reused by every retry of it so it is never counted twice; another identifier
    // typed after going back is another ballot.
    if (voter.voterId !== voterId) {
      voter.key = newIdempotencyKey();
      voter.sent = false;
      voter.outcomeUnknown = false;
    }
    voter.voterId = voterId;
    voter.votingCode = code;
    voter.coloniaId = coloniaId;
    clearProblem(alert);
    // A ballot that may already be saved is sent again as it was, never with another choice (see confirm()).
    if (voter.sent) return go('confirm', () => chosen(voter.optionId));
    voter.optionId = undefined; // chosen again after these data (Forward cannot bring back a summary of other data)
    // Nor a mark of the choice made before: the next person at a shared kiosk, typing their own clave over one left
    // behind after «Regresar», found the last resident's project ticked (a reviewer).
    markChoice(undefined);
    if (!(await (online ? credentialsHold() : onVoterRoll()))) return;
    if (voter?.voterId !== voterId) return; // «Regresar», or the screen cleared, while the check was out: that resident left
    go('choose');
  }

  /**
   * At a kiosk, before the resident chooses: is the clave on the padrón? One mistyped character is another well-formed
   * clave, which only the roll tells apart; said now, not after the choice and «Confirmar». Only advice, like
   * credentialsHold: the ballot is checked again, so when this check cannot answer the flow goes on.
   */
  async function onVoterRoll() {
    if (!jornada.hasVoterRoll) return true; // nothing for the roll to stop
    return checkBeforeChoosing(async () => {
      await callApi(`/api/jornadas/${jornada.id}/voter-roll-check`, { method: 'POST', token, body: { voterId: voter.voterId } });
      return true;
    });
  }

  /**
   * Online, before the resident chooses: are the clave and the code right, and has this credential voted? Asked of
   * «¿Alguien votó con mis datos?» (the same check the ballot gets), so a wrong
   * code or a vote already cast is said now, not after the choice. Only advice: the ballot is checked again when it is
   * sent, so when this check cannot answer (no connection, too many requests from this address) the flow goes on.
   */
  async function credentialsHold() {
    return checkBeforeChoosing(async () => {
      const asked = voter;
      const status = await callApi(`/api/jornadas/${jornada.id}/participation-check`, {
        method: 'POST',
        body: { voterId: voter.voterId, votingCode: voter.votingCode },
      });
      if (!status.voted || voter !== asked) return true; // (a resident who left meanwhile: the caller stops there)
      // The check's own answer already says what to do if it was not the resident (whatNow adds nothing).
      handleRefusal({ code: 'already_voted', title: 'Ya participó', detail: status.message, saysWhatToDo: true });
      return false;
    });
  }

  /** Runs a check of the identifier step's data: true to go on; a refusal is shown where the resident fixes it. */
  async function checkBeforeChoosing(check) {
    const resident = voter;
    const button = find('[data-screen="identify"] button[type="submit"]');
    const checking = find('[data-checking]');
    button.disabled = true;
    // On a slow connection the answer takes seconds: the resident sees that something is happening, and the button
    // stays disabled (a second tap would only ask the same again).
    const slow = setTimeout(() => { checking.textContent = 'Comprobando sus datos…'; }, 300);
    find('[data-unchecked]').hidden = true;
    try {
      return await check();
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      if (voter !== resident) return false; // the resident left meanwhile: their refusal is not for whoever comes next
      // The ballot is checked when it is sent anyway; the resident goes on, told that nothing was checked yet (they
      // chose, and only then learned that the service was down: an outside tester's drill).
      if (error.isTransient) find('[data-unchecked]').hidden = false;
      if (error.isTransient || error.status === 429 && error.code === 'too_many_requests') return true;
      handleRefusal(error, find('[data-screen="identify"] [data-alert]'));
      return false;
    } finally {
      clearTimeout(slow);
      checking.textContent = '';
      button.disabled = false;
    }
  }

  function setFieldError(control, message) {
    find(`[data-error="${control.name}"]`).textContent = message;
    if (message) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }

  function choose(optionId) {
    return go('confirm', () => chosen(optionId));
  }

  /** Ticks the card of the choice (none when undefined): only the resident who chose it may see it. */
  function markChoice(optionId) {
    for (const card of root.querySelectorAll('[data-option]')) card.setAttribute('aria-pressed', card.dataset.option === optionId);
  }

  function chosen(optionId) {
    voter.optionId = optionId;
    markChoice(optionId);
    const option = jornada.options.find(o => o.id === optionId);
    const colonia = colonias.find(c => c.id === voter.coloniaId);
    fill('choice', h('strong', {}, `Proyecto ${option.id}: ${option.title}`), h('br'), `Costo estimado: ${formatCurrency(option.estimatedCost)}`);
    fill('colonia', colonia ? `${colonia.name} (Delegación ${colonia.delegacion})` : 'La que tiene registrada en el padrón (ahí se cuenta su participación)');
    // Only the end of the identifier: enough for the resident to recognise it, not for whoever stands behind them.
    // As the service reads it (H1O1 typed is H101), so what is confirmed is what counts.
    const read = foldIdentifier(jornada.voterIdKind, voter.voterId);
    fill('voter', `${'•'.repeat(read.length - 4)}${read.slice(-4)}`);
    find('[data-screen="confirm"] [data-action="to-choose"]').hidden = Boolean(voter.sent);
    clearProblem(find('[data-screen="confirm"] [data-alert]'));
  }

  async function confirm() {
    const alert = find('[data-screen="confirm"] [data-alert]');
    const progress = find('[data-progress]');
    const buttons = root.querySelectorAll('[data-screen="confirm"] button');
    setBusy(true);
    clearProblem(alert);
    progress.textContent = 'Guardando su voto…';
    buttons.forEach(b => { b.disabled = true; });
    // At home, a reload or a closed tab while the ballot is on its way lost the receipt for good (the ballot may count,
    // the page forgets it): the browser asks first. Not at a kiosk, which nobody reloads and where it would block the screen.
    if (online) addEventListener('beforeunload', holdWhileSending);
    try {
      const receipt = await callApi(`/api/jornadas/${jornada.id}/ballots`, {
        method: 'POST',
        token,
        body: { voterId: voter.voterId, coloniaId: voter.coloniaId, optionId: voter.optionId, votingCode: voter.votingCode },
        headers: { 'Idempotency-Key': voter.key },
        retry: true,
        onWait: seconds => {
          progress.textContent = `${online ? 'Llegaron muchos votos desde su conexión' : 'Este kiosco recibió varios votos seguidos'}; ` +
            `su voto aún no se guarda: lo enviamos de nuevo en ${seconds === 1 ? 'un segundo' : `${seconds} segundos`}. No se retire.`;
        },
        onRetry: (attempt, problem) => {
          // An attempt with no answer may have been saved: whatever the last answer, only this ballot is sent again.
          if (problem.isTransient) voter.sent = true;
          if (mayHaveBeenSaved(problem)) voter.outcomeUnknown = true;
          progress.textContent = problem.status === 429 ? 'Guardando su voto…' : `La conexión falló; volvemos a intentarlo (intento ${attempt + 1})…`;
        },
      });
      // 201 (counted) and 200 Idempotent-Replayed (a retry of a ballot already counted) carry the same receipt.
      setBusy(false);
      // The letter's code is spent: whoever uses this browser next does not find it filled in.
      votingCode = undefined;
      showReceipt(receipt);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      setBusy(false);
      progress.textContent = '';
      buttons.forEach(b => { b.disabled = false; });
      // No answer came back, so the ballot may have been saved: from now on only the same ballot is sent again (the
      // service would refuse another choice with this key rather than show a receipt as if it had counted).
      if (error.isTransient) voter.sent = true;
      if (mayHaveBeenSaved(error)) voter.outcomeUnknown = true;
      if (voter.sent) find('[data-screen="confirm"] [data-action="to-choose"]').hidden = true;
      handleRefusal(error, alert, true);
      // The button had the focus and lost it when it was disabled: give it back, so a keyboard or screen reader user is
      // where the alert says to tap again, not at the top of the page.
      if (screen === 'confirm' && !listeners.signal.aborted) {
        find('[data-screen="confirm"] [data-action="confirm"]').focus();
        inSight(alert);
      }
    } finally {
      removeEventListener('beforeunload', holdWhileSending);
    }
  }

  function holdWhileSending(event) {
    event.preventDefault();
  }

  /** The receipt screen: just given, or kept for this tab and shown again after a reload (`again`). */
  function showReceipt({ receipt, checkUrl, jornadaId }, again = false) {
    shownReceipt = receiptStore ? { jornadaId: jornadaId ?? jornada.id, receipt, checkUrl } : null;
    fill('receipt', receipt);
    fill('receipt-help', receiptHelp({ receipt, checkUrl, jornadaId }));
    if (again) fill('receipt-title', 'Su voto ya quedó registrado');
    show('receipt'); // arms the idle timer, which keeps the receipt with its deadline
  }

  function keepReceipt(entry) {
    try { receiptStore?.write(entry); } catch { /* storage off or full: the receipt only stays on the screen */ }
  }

  function forgetReceipt() {
    shownReceipt = null;
    try { receiptStore?.clear(); } catch { /* nothing was kept */ }
  }

  /**
   * Back on «Revise su voto» after a ballot was sent and its answer lost: held once, and the resident told how to learn
   * what became of it (only «Confirmar mi voto» sends the same ballot, with the same key, and gets its receipt).
   */
  function sayConfirmToKnow() {
    const alert = find('[data-screen="confirm"] [data-alert]');
    showProblem(alert, { title: 'Aún no sabemos si su voto quedó guardado',
      detail: `${press} «Confirmar mi voto» para saber si su voto quedó guardado: si ya lo estaba, recibirá el mismo recibo y no se ` +
        'contará dos veces.' + (online ? ' Si sale de esta página, consulte después «¿Alguien votó con mis datos?» para saberlo.' : '') });
    find('[data-screen="confirm"] [data-action="confirm"]').focus();
    inSight(alert);
  }

  /**
   * A refusal's alert on the screen: the focus went to the field or button below it, which on a phone's screen can
   * leave the alert above the top (a tester saw only «Confirmar mi voto» again, no failure, and could have left).
   */
  function inSight(alert) {
    const { top, bottom } = alert.getBoundingClientRect();
    if (alert.childNodes.length > 0 && (top < 0 || bottom > window.innerHeight)) alert.scrollIntoView({ block: 'start' });
  }

  function setBusy(value) {
    busy = value;
    armIdleTimer();
  }

  function handleRefusal(problem, confirmAlert, ballotSent = false) {
    if (fixOnIdentifyStep.has(problem.code)) {
      show('identify');
      // The service says «identificador»; the resident knows it by its name on the Jornada (clave de elector or CURP).
      const alert = find('[data-screen="identify"] [data-alert]');
      const notMatching = problem.code === 'invalid_voting_credentials' && online;
      showProblem(alert, problem.code === 'invalid_voter_id' ? invalidIdentifier(jornada)
        : problem.code === 'not_on_voter_roll' ? notOnRoll(jornada, online) : problem);
      // The letter of another Jornada first (its data are right, only for elsewhere), then where else to vote.
      if (notMatching && otherJornada) alert.append(' ', otherJornada());
      if (notMatching) alert.append(` ${elsewhereToVote()}`);
      // «No coinciden» may be either field, and the answer never says which: both are marked, and the focus goes to the
      // clave, the first (a letter's QR fills in the code, so a mistyped clave is the likelier; the code alone was
      // marked, and a resident who mistyped their clave went over their letter's code).
      if (problem.code === 'invalid_voter_id' || problem.code === 'not_on_voter_roll' || notMatching) find('#voter-id').setAttribute('aria-invalid', 'true');
      if (problem.code.startsWith('voting_code') || problem.code === 'invalid_voting_credentials') find('#voting-code')?.setAttribute('aria-invalid', 'true');
      // Where the resident fixes it, as the page's own checks do (focus stayed on the heading: a keyboard or a screen
      // reader then had to find the field again; an outside tester's). The alert has been announced meanwhile.
      find('[data-screen="identify"] [aria-invalid="true"]')?.focus();
      inSight(alert);
    } else if (personCannotVote.has(problem.code)) {
      fill('notice-title', problem.code === 'idempotency_key_other_ballot' ? 'Su voto ya se había enviado' : problem.title);
      fill('notice-detail', [problem.code === 'idempotency_key_other_ballot'
        ? 'Su voto se envió antes con otros datos y pudo haberse guardado; un voto guardado no se cambia.'
        : problem.detail, problem.saysWhatToDo ? '' : whatNow(problem.code)].filter(Boolean).join(' '));
      show('notice');
    } else if (votingClosed.has(problem.code)) {
      stop();
      onClosed(problem, ballotSent);
    } else if (credentialRefused.has(problem.code)) {
      stop();
      onCredentialRefused(problem);
    } else {
      if (problem.isTransient) showProblem(confirmAlert, notSavedYet(problem));
      else showProblem(confirmAlert, problem, online
        ? 'Intente de nuevo en unos minutos. Su voto solo cuenta cuando ve su código de recibo.'
        : 'Si el problema sigue, avise al personal municipal.');
    }
  }

  /** What a person told they cannot vote can still do, where they are (the participation check's answer says it already). */
  function whatNow(code) {
    if (code === 'already_voted') {
      return online
        ? `Si usted no votó, acuda al IEEQ con ${identifier.card} y su carta: alguien pudo haber votado en su nombre.`
        : 'Si usted votó hace un momento y no alcanzó a ver su recibo, ese voto es el suyo y cuenta una sola vez. ' +
          `Si usted no ha votado en esta Jornada, avíselo al personal municipal del kiosco: alguien pudo haber usado ${identifier.card}.`;
    }
    if (code === 'idempotency_key_other_ballot') {
      // At a kiosk there may be no letter to ask «¿Alguien votó con mis datos?» with.
      return online
        ? 'Para saber si quedó registrado, consulte «¿Alguien votó con mis datos?» con el código de su carta.'
        : 'Avise al personal municipal del kiosco.';
    }
    return '';
  }

  /** Online, when the clave and the code do not match: where else the resident can vote while this Jornada takes ballots. */
  function elsewhereToVote() {
    const kiosks = (jornada.kiosks ?? []).some(votesNow);
    return `Si con sus datos correctos no funciona, ${kiosks ? `puede votar en un kiosco de su delegación con ${identifier.card}, o ` : ''}` +
      `acuda con su carta y ${identifier.card} al módulo del IEEQ de su delegación.`;
  }

  /**
   * Sent and no answer (the connection, or a gateway's 502 or 504): it may have been saved. A 503 is the service (or the
   * proxy before it) saying it saved nothing.
   */
  function mayHaveBeenSaved(problem) {
    return problem.isTransient && problem.status !== 503;
  }

  /**
   * A ballot without a receipt yet, said as far as it is known, in one voice: during a database outage the alert said
   * «Nada se registró», then «Revise su conexión a internet» and «puede que ya se haya guardado» (an outside tester's).
   * The same ballot is sent again, whatever happened; at home the connection is the resident's to check.
   */
  function notSavedYet(problem) {
    // The service's own 503s other than «no disponible» (the sealed urn found altered, say) keep their words. A gateway's
    // 502 or 504 came through the resident's connection: not theirs to check (it said «Revise su conexión a internet»).
    const gateway = problem.status === 502 || problem.status === 504;
    const cause = gateway ? { title: 'El servicio de votación no responde por ahora',
        detail: `${online ? 'No es su conexión: el' : 'El'} servicio de votación no respondió (error ${problem.status}).` }
      : problem.status !== 503 ? { title: problem.title, detail: online
        ? `${problem.detail} Revise su conexión a internet; si funciona, es el servicio el que no respondió.` : problem.detail }
      : problem.code && problem.code !== 'service_unavailable' ? problem
      : { title: 'El servicio de votación no está disponible por ahora',
          detail: `${online ? 'No es su conexión: el' : 'El'} servicio no puede guardar votos en este momento.` };
    const again = `${press} «Confirmar mi voto» para intentarlo de nuevo con la misma elección`;
    // Even a 503 may come after the commit (its connection lost at the COMMIT): nothing is promised either way.
    const saved = voter.outcomeUnknown
      ? `${again}: puede que un envío anterior ya se haya guardado, y entonces recibirá el mismo recibo y no se contará dos veces.`
      : `${again} en un momento; si su voto ya hubiera quedado guardado, recibirá el mismo recibo y no se contará dos veces.`;
    const after = online
      ? 'No cierre esta página hasta ver su código de recibo; si la cierra, consulte después «¿Alguien votó con mis datos?» ' +
        'para saber si su voto quedó guardado.'
      : 'Si el problema sigue, avise al personal municipal.';
    return { ...problem, title: cause.title, detail: `${cause.detail} ${saved} ${after}` };
  }

  root.addEventListener('click', event => {
    // The warning's button, its text or the dimmed screen around it (a click on the backdrop is the dialog's): the
    // resident is back. A click is a tap's or a key's last event, so nothing of it reaches the screen underneath.
    if (event.target.closest('[data-timeout-warning]')) return moreTime();
    // Enter held down on «Necesito más tiempo» repeats onto «Confirmar mi voto», which has the focus again: a key's
    // repeats press nothing. (Taps on a screen that just came are held off by its «settling» class, in the style sheet.)
    if (keyHeld && event.detail === 0) return; // detail 0: a click a key made, never a tap's
    const action = event.target.closest('[data-action]')?.dataset.action;
    const option = event.target.closest('[data-option]')?.dataset.option;
    if (option) return choose(option);
    switch (action) {
      case 'start': return go('identify', () => { voter = {}; });
      case 'restart':
      case 'finish':
        return reset();
      case 'to-identify': return go('identify');
      case 'to-choose': return go('choose');
      case 'confirm': return confirm();
    }
  }, { signal: listeners.signal });

  root.addEventListener('submit', event => {
    event.preventDefault();
    submitIdentity(event.target);
  }, { signal: listeners.signal });

  // Any touch or key is activity, except while the warning is open: the page behind it is inert, and a tap on the
  // warning or Escape says the resident is back (moreTime).
  for (const type of ['pointerdown', 'keydown', 'input']) {
    document.addEventListener(type, () => { if (!warningOpen()) armIdleTimer(); }, { signal: listeners.signal, passive: true });
  }
  let keyHeld = false; // the key down now is repeating (held down)
  document.addEventListener('keydown', event => { keyHeld = event.repeat; }, { signal: listeners.signal, capture: true });
  document.addEventListener('keyup', () => { keyHeld = false; }, { signal: listeners.signal, capture: true });

  // Escape, or a phone's Back while the warning shows, is «Necesito más tiempo» too. (The dialog is drawn anew for each
  // resident, and its cancel does not bubble: caught on the way down.)
  root.addEventListener('cancel', event => {
    if (!event.target.matches?.('[data-timeout-warning]')) return;
    event.preventDefault();
    moreTime();
  }, { signal: listeners.signal, capture: true });
  if (idle) {
    document.addEventListener('visibilitychange', () => { if (!document.hidden) clearIfIdleTooLong(); }, { signal: listeners.signal });
    window.addEventListener('pageshow', clearIfIdleTooLong, { signal: listeners.signal });
  }

  // tell(null) takes it away: the page's next check, so that the next person does not read it as theirs.
  function tell(problem) {
    if (screen !== 'welcome') return;
    const alert = find('[data-screen="welcome"] [data-alert]');
    // Only what tell said is taken away (a reset redraws the screen without the mark).
    if (!problem) {
      if ('told' in alert.dataset) clearProblem(alert);
      delete alert.dataset.told;
      return;
    }
    alert.dataset.told = '';
    showProblem(alert, problem, `Su voto no se registró. ${press} «Comenzar» para intentarlo de nuevo.`);
  }

  if (keptReceipt) {
    render();
    showReceipt(keptReceipt, true);
  } else reset();
  return { stop, screen: () => screen, forget: reset, tell, votingCode: () => votingCode };
}

// crypto.randomUUID exists only in secure contexts (HTTPS or localhost); a kiosk on a plain-HTTP LAN address
// still has getRandomValues.
function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}
