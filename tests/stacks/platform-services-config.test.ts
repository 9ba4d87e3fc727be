import { expect } from "chai";
import { minimal, parse, problemsOf } from "./config-fixtures.js";

describe("config: efs, externalSecrets, observability, reloader", () => {
    it("dev: EFS without backups and with the example, ESO with its example, no CloudWatch observability, one Reloader", () => {
        const dev = parse(minimal("dev"));
        expect(dev.efs).to.deep.equal({ enabled: true, transitionToIa: "AFTER_30_DAYS", backups: false, example: true });
        expect(dev.externalSecrets).to.deep.equal({ enabled: true, replicas: 2, example: true });
        expect(dev.observability).to.deep.equal({ enabled: false, logRetentionDays: 30 });
        expect(dev.reloader).to.deep.equal({ enabled: true, replicas: 1 });
    });

    it("prod: EFS backed up, no examples, CloudWatch observability on with a year of logs, two Reloaders", () => {
        const prod = parse(minimal("prod"));
        expect(prod.efs).to.deep.equal({ enabled: true, transitionToIa: "AFTER_30_DAYS", backups: true, example: false });
        expect(prod.externalSecrets).to.deep.equal({ enabled: true, replicas: 2, example: false });
        expect(prod.observability).to.deep.equal({ enabled: true, logRetentionDays: 365 });
        expect(prod.reloader).to.deep.equal({ enabled: true, replicas: 2 });
    });

    it("a stack turns each one on or off by its enabled key", () => {
        const dev = parse({ ...minimal("dev"), observability: { enabled: true }, efs: { enabled: false }, reloader: { enabled: false } });
        expect(dev.observability).to.deep.equal({ enabled: true, logRetentionDays: 30 });
        expect(dev.efs.enabled).to.equal(false);
        expect(dev.reloader.enabled).to.equal(false);
    });

    it("names every bad key at once", () => {
        expect(
            problemsOf({
                ...minimal("prod"),
                efs: { transitionToIa: "AFTER_2_DAYS", encrypted: false },
                externalSecrets: { replicas: 0 },
                observability: { logRetentionDays: 2 },
                reloader: { replicas: "two" },
            }),
        ).to.have.members([
            'efs.transitionToIa: must be one of "AFTER_1_DAY", "AFTER_7_DAYS", "AFTER_14_DAYS", "AFTER_30_DAYS", "AFTER_60_DAYS", "AFTER_90_DAYS", "AFTER_180_DAYS", "AFTER_270_DAYS", "AFTER_365_DAYS", got "AFTER_2_DAYS"',
            "efs.encrypted: is not a known key; remove it or fix its spelling (README.md#configuration lists every key)",
            "externalSecrets.replicas: must be at least 1, got 0",
            "observability.logRetentionDays: 2 is not a CloudWatch Logs retention period; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
            'reloader.replicas: must be a number, got "two"',
        ]);
    });
});
