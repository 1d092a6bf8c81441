// Starts `mesh lsp` (spec 08 §10) for .mpl files. The server does all the work; this file
// only tells VS Code how to launch it. Configure the executable with `mesh.server.command`.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("mesh").get("server.command", "mesh");
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "mesh",
    "Mesh language server",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "mesh" }] },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
