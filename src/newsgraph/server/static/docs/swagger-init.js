// Starts Swagger UI on /docs from the vendored bundle (a file, not an inline script: the CSP
// allows only scripts from this server). The write token comes from the page's meta tag, so
// "Try it out" can send corrections.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="newsgraph-token"]');
  var token = meta ? meta.getAttribute("content") : "";
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    tryItOutEnabled: false,
    requestInterceptor: function (req) {
      if (token && req.method && req.method.toUpperCase() !== "GET") {
        req.headers["X-Newsgraph-Token"] = token;
      }
      return req;
    },
  });
})();
