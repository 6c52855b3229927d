// verificar.html: reads the files the auditor picks, hands them to verificador.js and says what it found, in words.
import { UnreadableFile, factName, verifyExport, verifyRecordAlone } from './verificador.js';

const form = document.querySelector('[data-form="verify"]');
const progress = document.querySelector('[data-progress]');
const result = document.querySelector('[data-result]');
const number = new Intl.NumberFormat('es-MX');

/** Creates an element; strings become text nodes, so nothing from the files is ever parsed as HTML. */
function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children.filter(child => child != null));
  return element;
}

function fieldError(name, message) {
  const input = form.elements[name];
  const error = form.querySelector(`[data-error="${name}"]`);
  if (error) error.textContent = message ?? '';
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
  return message ? input : null;
}

// The seal sheet prints a hash in groups of eight, and the IEEQ copies it so: the spaces are not part of it, nor the
// quotes of the command line README shows (`--expected-seal "e8b3a378 …"`), which people paste too.
const compact = hash => hash.replace(/[\s"'«»“”]+/g, '');

/** Only the record chosen: it is checked on its own (a withdrawn Jornada's, or one downloaded during the vote). */
const recordAlone = () => !form.elements.ballots.files.length && !form.elements.seal.files.length && form.elements.record.files.length > 0;

function checkForm() {
  const alone = recordAlone();
  const problems = [
    fieldError('ballots', alone || form.elements.ballots.files.length ? null : 'Elija el archivo de boletas.'),
    fieldError('seal', alone || form.elements.seal.files.length ? null : 'Elija el archivo del sello.'),
    fieldError('expected', /^([0-9a-fA-F]{64})?$/.test(compact(form.elements.expected.value)) ? null
      : 'El hash tiene 64 caracteres: números del 0 al 9 y letras de la a a la f.'),
  ].filter(Boolean);
  problems[0]?.focus();
  return problems.length === 0;
}

const counts = c => Object.entries(c).map(([option, n]) => `${option}: ${number.format(n)}`).join(' · ') || 'sin votos';

function summary(report) {
  const untilBreak = report.ballots.break ? ' (hasta la ruptura)' : '';
  const rows = [
    // From the files' facts, never the seal file's, which may be the one altered (verify prints the same).
    ['Jornada', `${report.record?.title ?? report.seal.title} (${report.seal.jornadaId})`],
    [`Boletas revisadas${untilBreak}`, number.format(report.ballots.checked)],
    [`Cómputo recalculado${untilBreak}`, counts(Object.fromEntries(Object.entries(report.ballots.counts)
      .filter(([option, n]) => n > 0 || !report.record?.sealed || Object.hasOwn(report.record.sealed.counts, option))))],
    [`Hash final de las boletas${untilBreak}`, report.ballots.finalHash, 'hash'],
    ...(report.record ? [[`Eventos del registro revisados${report.record.break && !report.record.break.sealAltered ? ' (hasta la ruptura)' : ''}`, number.format(report.record.checked)],
      ['Sello del registro (el cierre)', report.record.sealHash ?? 'no se llegó al cierre', 'hash']] : []),
  ];
  return el('dl', { class: 'summary' }, ...rows.map(([term, value, kind]) => el('div', {}, el('dt', {}, term), el('dd', kind ? { class: kind } : {}, value))));
}

const where = at => [at.line ? `línea ${at.line}` : null, at.position ? `posición ${at.position}` : null, at.type ? factName(at.type) : null]
  .filter(Boolean).join(', ');

/**
 * Whether a seal of another Jornada could explain the breaks: it breaks every file at its first row, so a file that holds
 * past it was hashed under the seal's id (VerifyCommand.MixUpPossible).
 */
function mixUpPossible(report) {
  const held = part => Boolean(part) && (part.break ? part.break.position > 1 : part.checked > 0);
  return !held(report.ballots) && !held(report.record) && (report.ballots.break?.position === 1 || report.record?.break?.position === 1);
}

function show(report) {
  const findings = [];
  if (report.sealFile) findings.push(['Sello', report.sealFile]);
  if (report.ballots.break) findings.push(['Boletas', report.ballots.break]);
  if (report.record?.break) findings.push([report.record.break.sealAltered ? 'Sello' : 'Registro de la Jornada', report.record.break]);
  for (const anchor of report.anchors.filter(a => !a.matches)) findings.push(['Hash anotado', { reason: anchor.message }]);

  const notes = [
    ...report.anchors.filter(a => a.matches).map(a => el('p', {}, a.message)),
    ...(report.record ? [] : [el('p', {}, 'Sin el archivo del registro solo se verificaron las boletas, no el resto del registro de la Jornada.')]),
    ...(report.closeNoted ? [] : [el('p', {}, 'Sin el hash anotado al cierre, esto prueba que los archivos concuerdan entre sí; el hash anotado prueba además que no se rehicieron.')]),
    ...(mixUpPossible(report)
      ? [el('p', {}, 'Con el sello de otra Jornada, la primera boleta y el primer evento tampoco dan su hash. Si no está seguro de que los tres archivos vengan de la misma exportación, descárguelos de nuevo juntos.')]
      : report.foreignFile ? [el('p', {}, report.foreignFile[0].toUpperCase() + report.foreignFile.slice(1))] : []),
  ];

  const notice = report.intact
    ? el('div', { class: 'notice notice-success' },
        el('h2', { tabindex: '-1' }, 'Exportación íntegra'),
        el('p', {}, report.record
          ? 'La cadena de boletas, el número de boletas, el hash final, el cómputo y el registro de la Jornada coinciden con el sello.'
          : 'La cadena de boletas, el número de boletas, el hash final y el cómputo coinciden con el sello.'),
        ...notes)
    : el('div', { class: 'notice notice-problem' },
        el('h2', { tabindex: '-1' }, 'La exportación no está íntegra'),
        el('ul', { class: 'findings' }, ...findings.map(([part, found]) => el('li', {},
          el('span', { class: 'finding-where' }, where(found) ? `${part} (${where(found)}): ` : `${part}: `), found.reason))),
        ...notes);
  result.replaceChildren(notice, summary(report));
  notice.querySelector('h2').focus();
}

/** A record checked on its own: what held, where it ends, what was not checked (verify --record alone says the same). */
function showRecordAlone(report) {
  const { record } = report;
  const findings = [];
  if (record.break) findings.push(['Registro de la Jornada', record.break]);
  for (const anchor of report.anchors.filter(a => !a.matches)) findings.push(['Hash anotado', { reason: anchor.message }]);
  const notes = [
    ...report.anchors.filter(a => a.matches).map(a => el('p', {}, a.message)),
    ...(report.end ? [el('p', {}, report.end)] : []),
    el('p', {}, 'Solo se verificó el registro: sin las boletas ni el sello no se verificaron la cadena de boletas ni el cómputo.'),
    ...(report.anchors.length ? [] : [el('p', {}, 'Sin un hash anotado, esto prueba que el registro concuerda consigo mismo; el hash anotado prueba además que no se rehízo.')]),
    ...(record.break?.position === 1 ? [el('p', {}, `El registro de otra Jornada tampoco da su hash en el primer evento: compruebe que el archivo es el registro de la Jornada ${report.jornadaId}, con el nombre con que se descargó.`)] : []),
  ];
  const notice = report.intact
    ? el('div', { class: 'notice notice-success' }, el('h2', { tabindex: '-1' }, 'Registro íntegro'),
        el('p', {}, 'El registro de la Jornada se recalculó sin rupturas: su cadena, su codificación y las reglas de la Jornada' +
          (report.anchors.length ? ', y cada hash anotado es uno de sus eventos.' : '.')), ...notes)
    : el('div', { class: 'notice notice-problem' }, el('h2', { tabindex: '-1' }, 'El registro no está íntegro'),
        el('ul', { class: 'findings' }, ...findings.map(([part, found]) => el('li', {},
          el('span', { class: 'finding-where' }, where(found) ? `${part} (${where(found)}): ` : `${part}: `), found.reason))),
        ...notes);
  const rows = [
    ['Jornada', record.title ? `${record.title} (${report.jornadaId})` : report.jornadaId],
    [`Eventos del registro revisados${record.break ? ' (hasta la ruptura)' : ''}`, number.format(record.checked)],
    ['Hash del último evento revisado', record.head, 'hash'],
  ];
  result.replaceChildren(notice, el('dl', { class: 'summary' }, ...rows.map(([term, value, kind]) => el('div', {}, el('dt', {}, term), el('dd', kind ? { class: kind } : {}, value)))));
  notice.querySelector('h2').focus();
}

function cannotVerify(message, heading = 'No se pudo verificar') {
  const notice = el('div', { class: 'notice notice-problem' }, el('h2', { tabindex: '-1' }, heading), el('p', {}, message));
  result.replaceChildren(notice);
  notice.querySelector('h2').focus();
}

const nextFrame = () => new Promise(resolve => setTimeout(resolve, 0));

form.addEventListener('submit', async event => {
  event.preventDefault();
  if (!checkForm()) return;
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  result.replaceChildren();
  progress.textContent = 'Leyendo los archivos…';
  try {
    if (recordAlone()) {
      const report = await verifyRecordAlone({ recordText: await form.elements.record.files[0].text(), recordName: form.elements.record.files[0].name,
        expectedSeal: compact(form.elements.expected.value), noted: form.elements.noted.value.split('\n').map(compact) });
      if (report.misplacedNote) cannotVerify(`${report.anchors.find(a => a.misplaced).message} El registro concuerda; verifique de nuevo con el hash en su lugar.`,
        'El hash anotado al cierre es el de otro evento');
      else if (report.uncheckedNote) cannotVerify(`${report.anchors.filter(a => a.unchecked).map(a => a.message).join(' ')} El registro concuerda.`,
        'No se pudo comprobar el hash anotado');
      else showRecordAlone(report);
      return;
    }
    const [ballotsText, sealText, recordText] = await Promise.all([form.elements.ballots.files[0].text(), form.elements.seal.files[0].text(),
      form.elements.record.files[0]?.text() ?? null]);
    const report = await verifyExport({
      ballotsText, sealText, recordText,
      ballotsName: form.elements.ballots.files[0].name, recordName: form.elements.record.files[0]?.name ?? null,
      expectedSeal: compact(form.elements.expected.value),
      noted: form.elements.noted.value.split('\n').map(compact),
      onProgress: async (done, total) => {
        progress.textContent = `Revisando boletas: ${number.format(done)} de ${number.format(total)}…`;
        await nextFrame();
      },
    });
    if (report.mixUp && report.notCarried) cannotVerify(`${report.notCarried} ${report.mixUp}`, 'El hash anotado no coincide con el sello');
    else if (report.mixUp) cannotVerify(report.mixUp, 'Los archivos no son de una misma Jornada');
    else if (report.uncheckedNote) cannotVerify(`${report.anchors.filter(a => a.unchecked).map(a => a.message).join(' ')} Lo demás concuerda: las boletas coinciden con el sello. Verifique de nuevo con el registro antes de certificar.`,
      'No se pudo comprobar el hash anotado');
    else if (report.misplacedNote) cannotVerify(`${report.anchors.find(a => a.misplaced).message} Lo demás concuerda; verifique de nuevo antes de certificar.`,
      'El hash anotado al cierre es el de otro evento');
    else show(report);
  } catch (error) {
    // A file picked, then downloaded again under the same name, moved or deleted: the browser refuses to read it, and the
    // page said nothing at all.
    if (error instanceof DOMException && ['NotReadableError', 'NotFoundError'].includes(error.name)) {
      cannotVerify('No se pudo leer uno de los archivos elegidos: cambió, se movió o se borró después de elegirlo ' +
        '(por ejemplo, al descargarlo de nuevo con el mismo nombre). Elija de nuevo cada archivo y pulse «Verificar».');
      return;
    }
    if (!(error instanceof UnreadableFile)) throw error;
    cannotVerify(error.message);
  } finally {
    progress.textContent = '';
    button.disabled = false;
  }
});
