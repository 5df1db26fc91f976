// Progressive enhancement only: every page works without this file.
import { initAll } from '/static/govuk/govuk-frontend.min.js'

initAll()

// "Print this page" buttons: hidden without JavaScript (the page says to use the browser's
// print option instead); shown and wired here. CSP forbids inline handlers.
const showPrintButtons = (root) => {
  root.querySelectorAll('[data-print]').forEach((button) => {
    button.hidden = false
    button.addEventListener('click', () => window.print())
  })
}
showPrintButtons(document)

// After htmx swaps the page's content: start GOV.UK components in it, then move focus to
// the error summary if there is one (its component focuses itself), else the heading,
// so screen reader users hear the new page.
document.body.addEventListener('htmx:afterSettle', (event) => {
  const content = document.getElementById('content')
  // Only for page swaps (the event fires on the new #content), not e.g. the date preview.
  if (!content || event.target !== content) return
  initAll({ scope: content })
  showPrintButtons(content)
  if (content.querySelector('.govuk-error-summary')) return
  const heading = content.querySelector('h1')
  if (heading) {
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1')
    heading.focus()
  }
})

// Session timeout warning (WCAG 2.2.1): a dialog some minutes before the answers are
// deleted, offering more time. "Continue" posts the same form as without JavaScript.
const dialog = document.getElementById('timeout-warning')
if (dialog && typeof dialog.showModal === 'function') {
  const warningMs = Number(dialog.dataset.warningSeconds) * 1000
  let expiresAt = Date.parse(dialog.dataset.expiresAt)
  let warnTimer
  let expireTimer

  const schedule = () => {
    clearTimeout(warnTimer)
    clearTimeout(expireTimer)
    const left = expiresAt - Date.now()
    warnTimer = setTimeout(() => {
      dialog.showModal()
      dialog.querySelector('#timeout-heading').focus()
    }, Math.max(0, left - warningMs))
    expireTimer = setTimeout(() => { window.location.href = dialog.dataset.expiredUrl }, Math.max(0, left))
  }

  dialog.querySelector('form').addEventListener('submit', async (event) => {
    event.preventDefault()
    const response = await fetch(event.target.action, {
      method: 'POST',
      body: new FormData(event.target),
      headers: { Accept: 'application/json' },
      credentials: 'same-origin'
    })
    if (response.ok) {
      const data = await response.json()
      if (data.expires_at) expiresAt = Date.parse(data.expires_at)
    }
    dialog.close()
    schedule()
  })

  // Saving an answer moves the expiry on: the server says when, on every htmx response.
  document.body.addEventListener('htmx:afterRequest', (event) => {
    const header = event.detail.xhr.getResponseHeader('X-Answers-Expire-At')
    if (header) {
      expiresAt = Date.parse(header)
      schedule()
    }
  })
  schedule()
}

// Display settings: applied at once as they change, then saved (the same form as
// without JavaScript, answered with 204 instead of a redirect). Delegated, because htmx
// replaces the form on every step.
const applyDisplay = (form) => {
  const data = new FormData(form)
  const root = document.documentElement
  const contrast = data.get('contrast') || 'auto'
  const size = data.get('text_size') || 'standard'
  root.className = root.className.replace(/\bapp-(contrast|text)-\S+/g, '').trim() +
    ` app-contrast-${contrast} app-text-${size}`
  const media = JSON.parse(form.dataset.media)
  document.getElementById('high-contrast-css').media = media[contrast] || 'not all'
}
const saveDisplay = async (form) => {
  const response = await fetch(form.action, {
    method: 'POST',
    body: new FormData(form),
    headers: { Accept: 'application/json' },
    credentials: 'same-origin'
  })
  const status = form.closest('details')?.querySelector('[data-display-status]')
  if (response.ok && status) status.textContent = form.dataset.saved
}
document.addEventListener('change', (event) => {
  const form = event.target.closest('form[data-display-settings]')
  if (!form) return
  applyDisplay(form)
  saveDisplay(form)
})
document.addEventListener('submit', (event) => {
  const form = event.target.closest('form[data-display-settings]')
  if (!form) return
  event.preventDefault()
  applyDisplay(form)
  saveDisplay(form)
})
