// Swagger UI for /api/docs: the schema's address is in the page, the code is local.
(function () {
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({url: root.dataset.openapi, dom_id: "#swagger-ui",
                          deepLinking: true});
})();
