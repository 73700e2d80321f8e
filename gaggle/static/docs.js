// Swagger UI for the API document, with Gaggle's settings (read from the page, which sends no
// inline script). The docs client's id is prefilled for the authorization-code flow only: it
// is a public authorization-code client, with which the password flow can only fail.
window.addEventListener("load", () => {
  const root = document.getElementById("swagger-ui");
  const settings = JSON.parse(root.dataset.settings);

  const codeFlowClientOnly = (system) => ({
    wrapComponents: {
      oauth2: (Original) => (props) => {
        if (props.schema.get("flow") === "authorizationCode") {
          return system.React.createElement(Original, props);
        }
        const authSelectors = {
          ...props.authSelectors,
          getConfigs: () => ({...props.authSelectors.getConfigs(), clientId: ""}),
        };
        return system.React.createElement(Original, {...props, authSelectors});
      },
    },
  });

  const ui = SwaggerUIBundle({
    url: settings.url,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    oauth2RedirectUrl: new URL("oauth2-redirect.html", window.location.href).href,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl, codeFlowClientOnly],
    layout: "StandaloneLayout",
  });
  ui.initOAuth(settings.initOAuth);
  window.ui = ui;
});
