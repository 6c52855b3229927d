// Lists whose length only the person knows (a convenio's parties, a session's members, points and agreements) come
// with a few rows; «Agregar otro…» adds one more like the last, empty, numbered next, and takes the cursor to it. The
// service reads any number of rows; without this script the rows drawn are all there are. consola-borrador.js adds
// the rows a draft had, before putting its text back.

/** Adds one empty row after the last of the button's list; returns it. */
export function addRow(button, { focus = true } = {}) {
  const rows = button.parentElement.querySelectorAll(':scope > fieldset');
  const last = rows[rows.length - 1];
  const next = rows.length;
  const row = last.cloneNode(true);
  const renumber = (value) => value.replace(/\[\d+\]/, `[${next}]`);
  for (const element of row.querySelectorAll('[name], [id], [for], [aria-describedby]')) {
    for (const attribute of ['name', 'id', 'for', 'aria-describedby']) {
      if (element.hasAttribute(attribute)) element.setAttribute(attribute, renumber(element.getAttribute(attribute)));
    }
  }
  // Empty and optional, like the rows drawn after the first ones; nothing of a refusal beside the row it copied.
  for (const control of row.querySelectorAll('input, select, textarea')) {
    control.value = '';
    control.removeAttribute('required');
    control.removeAttribute('aria-invalid');
  }
  for (const error of row.querySelectorAll('.field-error')) error.remove();
  for (const control of row.querySelectorAll('[aria-describedby]')) {
    const kept = control.getAttribute('aria-describedby').split(' ').filter((id) => row.querySelector(`[id="${id}"]`));
    if (kept.length) control.setAttribute('aria-describedby', kept.join(' '));
    else control.removeAttribute('aria-describedby');
  }
  for (const field of row.querySelectorAll('.has-error')) field.classList.remove('has-error');
  const legend = row.querySelector('legend');
  legend.textContent = legend.textContent.replace(/\d+\s*$/, String(next + 1));
  last.after(row);
  if (focus) row.querySelector('input, select, textarea')?.focus();
  return row;
}

for (const button of document.querySelectorAll('[data-add-row]')) {
  button.hidden = false;
  button.addEventListener('click', () => addRow(button));
}
