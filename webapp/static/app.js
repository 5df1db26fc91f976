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
// the error summary or success banner if there is one (they focus themselves), else the heading,
// so screen reader users hear the new page.
document.body.addEventListener('htmx:afterSettle', (event) => {
  const content = document.getElementById('content')
  // Only for page swaps (the event fires on the new #content), not e.g. the date preview.
  if (!content || event.target !== content) return
  initAll({ scope: content })
  showPrintButtons(content)
  if (content.querySelector('.govuk-error-summary')) return
  // A success banner (role=alert: "Your answers have been deleted") focuses itself, as on
  // a full page load: it says what just happened, so it is heard first.
  if (content.querySelector('.govuk-notification-banner[role="alert"]')) return
  const heading = content.querySelector('h1')
  if (heading) {
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1')
    heading.focus()
  }
})

// Session timeout warning (WCAG 2.2.1): a dialog some minutes before the answers are
// deleted, offering more time (the HMRC / GOV.UK timeout warning). It is on every page but
// armed only while there are answers: the page says how many seconds are left when it
// loads, and every htmx response says so again (X-Answers-Expire-In), so a journey begun
// with htmx is warned too. Counted from when the page heard it, not from the server's
// clock. "Continue" posts the same form as without JavaScript; so does Esc, which would
// otherwise close the dialog and leave the answers to be deleted unasked.
const dialog = document.getElementById('timeout-warning')
if (dialog && typeof dialog.showModal === 'function') {
  const warningMs = Number(dialog.dataset.warningSeconds) * 1000
  const form = dialog.querySelector('form')
  let warnTimer
  let expireTimer
  let returnFocus = null
  let extending = false
  let closingOurselves = false
  const close = () => {
    if (!dialog.open) return
    closingOurselves = true
    dialog.close()
  }

  const expire = () => { window.location.href = dialog.dataset.expiredUrl }

  const show = () => {
    if (dialog.open) return
    const active = document.activeElement
    returnFocus = active && active !== document.body ? active : null
    dialog.showModal()
    dialog.querySelector('#timeout-heading').focus()
  }

  // Back where the person was; if nothing had focus, the page's heading, not <body>.
  const restoreFocus = () => {
    let target = returnFocus && returnFocus.isConnected ? returnFocus : null
    if (!target) {
      target = document.querySelector('#main-content h1')
      if (target && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1')
    }
    returnFocus = null
    if (target) target.focus()
  }

  // seconds: how long the answers are kept from now; null: there are none (stand down).
  const arm = (seconds) => {
    clearTimeout(warnTimer)
    clearTimeout(expireTimer)
    if (seconds === null) {
      close()
      return
    }
    const leftMs = seconds * 1000
    warnTimer = setTimeout(show, Math.max(0, leftMs - warningMs))
    expireTimer = setTimeout(expire, Math.max(0, leftMs))
  }
  const parseSeconds = (value) => (value === null || value === '' || value === 'none') ? null : Number(value)

  // If the script's post fails, the page's own: back to this page, wherever htmx took it.
  const submitForm = () => {
    form.elements.next.value = window.location.pathname
    form.submit()
  }

  const extend = async () => {
    if (extending) return
    extending = true
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        body: new FormData(form),
        headers: { Accept: 'application/json' },
        credentials: 'same-origin'
      })
      if (!response.ok) { submitForm(); return } // back here, or "we deleted your answers"
      const data = await response.json()
      if (data.expired || data.expires_in === null) { expire(); return }
      close()
      restoreFocus()
      arm(data.expires_in)
    } catch {
      submitForm()
    } finally {
      extending = false
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    extend()
  })
  // Esc: the same as "Continue with my answers" (as HMRC's warning does), never a silent close.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault()
    extend()
  })
  // A browser may still close it (Chrome does on a second Esc): that asks for more time too.
  dialog.addEventListener('close', () => {
    if (closingOurselves) {
      closingOurselves = false
      return
    }
    extend()
  })

  document.body.addEventListener('htmx:afterRequest', (event) => {
    const header = event.detail.xhr && event.detail.xhr.getResponseHeader('X-Answers-Expire-In')
    if (header !== null && header !== undefined) arm(parseSeconds(header))
  })
  arm(parseSeconds(dialog.dataset.expiresIn))
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
