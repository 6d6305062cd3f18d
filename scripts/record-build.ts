// Ends `npm run build`: records the sources the build was made from, so `npm start` (and the
// browser tests' server) serve it instead of building again.
import { recordBuild } from "./build-stamp";

recordBuild(process.cwd());
