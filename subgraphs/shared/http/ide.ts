/**
 * The GraphQL IDE page: GraphiQL served from this process's own npm packages
 * (react, react-dom, graphiql), so it works with no network at all.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** A file inside an installed package (these UMD builds are not in the packages' export maps). */
function packageFile(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

/** URL path → file shipped in node_modules. */
const ASSETS: Record<string, { file: string; type: string }> = {
  '/ide/react.js': { file: packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  '/ide/react-dom.js': { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  '/ide/graphiql.js': { file: packageFile('graphiql', 'graphiql.min.js'), type: 'text/javascript' },
  '/ide/graphiql.css': { file: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css' },
};

const cache = new Map<string, Buffer>();

/** An IDE asset by URL path, or null when the path is not one. */
export async function ideAsset(path: string): Promise<{ body: Buffer; type: string } | null> {
  const asset = ASSETS[path];
  if (!asset) return null;
  let body = cache.get(path);
  if (!body) cache.set(path, (body = await readFile(asset.file)));
  return { body, type: asset.type };
}

const DEFAULT_QUERY = `# The district platform's API. Run with Ctrl-Enter.
# Docs (book icon, top left) describe every type and field.
query RegionDashboard($code: ID! = "310118") {
  region(code: $code) {
    code
    name
    population { residents households elderly60Plus specialCare }
    children { code name population { residents } }
  }
}
`;

/** `headers` start in GraphiQL's headers pane (development mode puts the demo token there; otherwise paste your own). */
export function idePage(title: string, endpoint: string, headers: Record<string, string> = { Authorization: 'Bearer <your token>' }): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${title}</title>
  <link rel="stylesheet" href="/ide/graphiql.css">
  <style>html, body, #ide { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="ide">Loading the GraphQL IDE…</div>
  <script src="/ide/react.js"></script>
  <script src="/ide/react-dom.js"></script>
  <script src="/ide/graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
    ReactDOM.createRoot(document.getElementById('ide')).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
        defaultHeaders: ${JSON.stringify(JSON.stringify(headers, null, 2)).replace(/</g, '\\u003c')},
        defaultEditorToolsVisibility: true,
      }),
    );
  </script>
</body>
</html>`;
}
