// Starts Swagger UI on the document this server generates. A file of its own, not an inline script,
// so the page runs under a CSP without 'unsafe-inline' for scripts.
(function () {
  var root = document.getElementById('swagger-ui');
  window.ui = window.SwaggerUIBundle({
    url: root.getAttribute('data-spec-url'),
    domNode: root,
    deepLinking: true,
    // No top bar: it would let the page load any other document by URL.
    layout: 'BaseLayout',
    presets: [window.SwaggerUIBundle.presets.apis],
    validatorUrl: null,
    tryItOutEnabled: false,
  });
})();
