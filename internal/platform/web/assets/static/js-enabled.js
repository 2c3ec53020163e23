// Loaded with <script src="/assets/js-enabled.js"></script> straight after
// <body> opens, in place of GOV.UK Frontend's usual inline snippet (the
// Content-Security-Policy forbids inline script). It marks the page as having
// JavaScript, and as supporting GOV.UK Frontend where ES modules are
// supported, before anything is drawn, so the JavaScript-only styles apply
// without a flash.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
