// Parse Argdown and Mermaid texts with their reference parsers; report what they found.
// Input (stdin): a JSON array of {"kind": "argdown" | "mermaid", "text": "..."}.
// Output (stdout): a JSON array with one result per input, in order.
import { createRequire } from "node:module";
import { JSDOM } from "jsdom";

const require = createRequire(import.meta.url);
const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function argdownApp() {
  const core = require("@argdown/core");
  const app = new core.ArgdownApplication();
  app.addPlugin(new core.ParserPlugin(), "parse-input");
  app.addPlugin(new core.DataPlugin(), "build-model");
  app.addPlugin(new core.ModelPlugin(), "build-model");
  return app;
}

function checkArgdown(app, text) {
  const response = app.run({ process: ["parse-input", "build-model"], input: text, logLevel: "error" });
  const statements = {};
  for (const [title, ec] of Object.entries(response.statements || {})) {
    const texts = (ec.members || []).filter((m) => typeof m.text === "string" && m.text !== "").map((m) => m.text);
    statements[title] = { texts, data: ec.data ?? null, tags: ec.tags || [] };
  }
  const relations = (response.relations || []).map((r) => ({
    from: r.from && r.from.title, to: r.to && r.to.title, type: r.relationType,
  }));
  const messages = [...(response.lexerErrors || []), ...(response.parserErrors || [])].map(
    (e) => String(e.message).slice(0, 300));
  return {
    lexerErrors: (response.lexerErrors || []).length,
    parserErrors: (response.parserErrors || []).length,
    messages, statements, relations,
    arguments: Object.keys(response.arguments || {}),
  };
}

// Mermaid's getDiagramFromText swaps entity codes for placeholders; turn them back into
// HTML entities and let the DOM decode the label, as the browser does when it renders.
function labelText(raw) {
  const html = String(raw).replaceAll("ﬂ°°", "&#").replaceAll("ﬂ°", "&").replaceAll("¶ß", ";");
  const div = document.createElement("div");
  div.innerHTML = html.replace(/<br\s*\/?>/gi, "\n");
  return { text: div.textContent, elements: div.querySelectorAll("*").length };
}

async function checkMermaid(mermaid, text) {
  try {
    await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    const vertices = {};
    const raw = db.getVertices();
    for (const [id, v] of raw instanceof Map ? raw : Object.entries(raw)) vertices[id] = labelText(v.text);
    const edges = db.getEdges().map((e) => ({ start: e.start, end: e.end, type: e.type, stroke: e.stroke, text: e.text }));
    const subgraphs = db.getSubGraphs().map((s) => ({ id: s.id, title: labelText(s.title).text, nodes: s.nodes }));
    return { error: null, type: diagram.type, vertices, edges, subgraphs };
  } catch (err) {
    return { error: String((err && err.message) || err).slice(0, 500) };
  }
}

const items = await readStdin();
let app = null;
let mermaid = null;
const results = [];
for (const item of items) {
  if (item.kind === "argdown") {
    app = app || argdownApp();
    results.push(checkArgdown(app, item.text));
  } else if (item.kind === "mermaid") {
    if (!mermaid) {
      mermaid = (await import("mermaid")).default;
      mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
    }
    results.push(await checkMermaid(mermaid, item.text));
  } else {
    results.push({ error: `unknown kind ${item.kind}` });
  }
}
process.stdout.write(JSON.stringify(results));
