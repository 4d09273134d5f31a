// The page for an address the server does not know: only the shared keys (/ focuses the search box).

import "./core.js";
