"""The chat window's stylesheet and its one script (passed to Gradio's launch as css and head).

The script only reads what render.py wrote (the chat's sanitizer keeps hrefs, not data- attributes): a click
on a ``[n]`` or a source chip (``href="#<turn>-source-<n>"``) shows that turn's section of the sources panel
and highlights its card; an Index-tab "Ask about it" (``href="#ask-<question>"``) puts its question in the
Ask tab's box; "Copy answer with sources" puts the message's plain-text copy (``pre.plain-copy``) on the clipboard.
"""

CSS = """
.source-card { border: 1px solid #d0d7de; border-radius: 8px; padding: 10px; margin-bottom: 10px; }
.source-card.active { border-color: #d97706; box-shadow: 0 0 0 3px #fde68a; }
.source-n { font-weight: bold; color: #b45309; }
.headline { font-weight: 600; margin: 2px 0; }
.meta { color: #57606a; font-size: 0.9em; margin-bottom: 6px; }
.passage { font-size: 0.95em; }
.passage mark { background: #fde68a; }
.turn-heading { font-size: 0.85em; color: #57606a; margin-bottom: 6px; }
.unsupported { color: #9a3412; margin-top: 8px; font-size: 0.9em; }
.abstained { border-left: 4px solid #9ca3af; padding-left: 10px; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 8px; }
.chips a.chip { font-size: 0.8em; border: 1px solid #d0d7de; border-radius: 12px; padding: 1px 8px;
  text-decoration: none; color: inherit; max-width: 100%; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; }
.chips a.chip.active { border-color: #d97706; background: #fef3c7; }
.filter-note { margin-top: 6px; color: #9a3412; font-size: 0.9em; }
.answer-error { color: #b91c1c; }
.abstain-reason { margin-top: 4px; color: #57606a; font-size: 0.9em; }
#chat pre.plain-copy, pre.plain-copy[hidden] { display: none !important; }
button.copy-answer { margin-top: 6px; font-size: 0.8em; border: 1px solid #d0d7de; border-radius: 6px;
  padding: 1px 8px; background: transparent; cursor: pointer; }
#overview, #active-filters { font-size: 0.9em; color: #57606a; }
#active-filters .active { color: #9a3412; font-weight: 600; }
#active-filters .error { color: #b91c1c; font-weight: 600; }
.index-report ul { margin: 4px 0 0 0; }
"""

SCRIPT = """
<script>
(() => {
  function showSource(turn, n) {
    const panel = document.querySelector('#sources');
    if (!panel) return;
    panel.querySelectorAll('.turn-sources').forEach(s => { s.hidden = s.dataset.turn !== turn; });
    document.querySelectorAll('.source-card.active, a.chip.active').forEach(e => e.classList.remove('active'));
    document.querySelectorAll(`a.chip[href="#${turn}-source-${n}"]`).forEach(e => e.classList.add('active'));
    const card = document.getElementById(`${turn}-source-${n}`);
    if (card) { card.classList.add('active'); card.scrollIntoView({block: 'nearest'}); }
  }
  async function copyAnswer(button) {
    const plain = button.parentElement.querySelector('pre.plain-copy');
    const text = plain ? plain.textContent : '';
    try { await navigator.clipboard.writeText(text); }
    catch (err) {
      const area = document.createElement('textarea');
      area.value = text; document.body.appendChild(area); area.select();
      document.execCommand('copy'); area.remove();
    }
    button.textContent = 'Copied';
  }
  function askAbout(link) {
    const question = decodeURIComponent((link.getAttribute('href') || '').replace(/^#ask-/, ''));
    const tab = [...document.querySelectorAll('button[role=tab]')].find(b => b.innerText.trim() === 'Ask');
    if (tab) tab.click();
    const box = document.querySelector('#question textarea');
    if (!box) return;
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set.call(box, question);
    box.dispatchEvent(new Event('input', {bubbles: true}));
    box.focus();
  }
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a.cite, a.chip');
    const anchor = link && (link.getAttribute('href') || '').match(/^#(t[0-9]+)-source-([0-9]+)$/);
    if (anchor) {
      event.preventDefault(); event.stopPropagation();
      showSource(anchor[1], anchor[2]);
      return;
    }
    const about = event.target.closest('a.ask-about');
    if (about) { event.preventDefault(); event.stopPropagation(); askAbout(about); return; }
    const copy = event.target.closest('button.copy-answer');
    if (copy) { event.preventDefault(); event.stopPropagation(); copyAnswer(copy); }
  }, true);
})();
</script>
"""
