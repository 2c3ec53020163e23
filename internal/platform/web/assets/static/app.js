// mace front-end entry point.
//
// Loaded as an ES module at the end of <body>, after js-enabled.js has run at
// the start of <body>:
//
//   <body class="govuk-template__body">
//     <script src="/assets/js-enabled.js"></script>
//     ...
//     <script type="module" src="/assets/app.js"></script>
//   </body>
//
// GOV.UK Frontend and MOJ Frontend are both self-contained ES modules, so they
// are imported here and need no script tags of their own. Module scripts are
// deferred, so the document has been parsed when this runs. Nothing here needs
// inline script, which the Content-Security-Policy forbids.
//
// Both libraries only initialise when <body> has the govuk-frontend-supported
// class (set by js-enabled.js in browsers that support ES modules).

import { initAll as initGovukFrontend } from './govuk-frontend.min.js'
import { initAll as initMojFrontend } from './moj-frontend.min.js'

// GOV.UK Frontend: accordions, buttons, character counts, checkboxes, error
// summaries, headers, notification banners, password inputs, radios, service
// navigation, skip links, tabs and the rest, found by their data-module
// attributes.
initGovukFrontend()

// MOJ Frontend: add another, alert, button menu, date picker, multi select,
// password reveal, search toggle, sortable table and the rest of what its
// initAll covers. FilterToggleButton, FormValidator and MultiFileUpload need
// per-page options and are not started by initAll: import them from
// ./moj-frontend.min.js in a page-specific module if a page uses them.
initMojFrontend()

// Progress bars of work the server does in the background (an import of a
// large file): <progress data-progress-url="..."> is updated from the JSON
// the URL answers ({done, total, finished}) every second, and the page is
// reloaded when the work is finished, to show its result. Without
// JavaScript the page offers a link to refresh it.
for (const bar of document.querySelectorAll('progress[data-progress-url]')) {
  const text = document.getElementById(bar.id + '-text')
  const poll = async () => {
    try {
      const res = await fetch(bar.dataset.progressUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      if (!res.ok) return
      const p = await res.json()
      if (p.total > 0) {
        bar.max = p.total
        bar.value = p.done
        bar.textContent = `${p.done} of ${p.total}`
        if (text) text.textContent = `${p.done} of ${p.total} done.`
      }
      if (p.finished) {
        window.location.reload()
        return
      }
      setTimeout(poll, 1000)
    } catch {
      setTimeout(poll, 5000)
    }
  }
  setTimeout(poll, 1000)
}
