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
