/** `npm run charts:pull`: see tools/charts/cli.ts. */
import { pathToFileURL } from "node:url";
import { runChartsPullCli } from "./charts/cli.js";

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const result = await runChartsPullCli(process.argv.slice(2));
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.exitCode;
}
