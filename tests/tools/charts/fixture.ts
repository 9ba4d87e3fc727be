/**
 * Small charts, a CRD with a CEL rule and recorded resources, written by the tests: the chart
 * check is tested with the real helm on these, never on upstream charts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import type { RecordedResource } from "../../../engine/engine.js";
import { archiveName, sha256File, writeLock, type ChartRef } from "../../../tools/charts/cache.js";
import type { Helm } from "../../../tools/charts/helm.js";

export const APP_CHART: ChartRef = { chart: "app", repo: "https://charts.example.test", version: "1.0.0" };
export const WIDGETS_CHART: ChartRef = { chart: "oci://registry.example.test/charts/widgets", version: "0.3.0" };

/**
 * `securityContext` is passed through as given, except that `readOnly` forces its readOnlyRootFilesystem
 * (and mounts /tmp). Like real charts, the Service comes inside a `v1 List` and the pods carry a value
 * generated anew on each render (as a generated certificate's checksum).
 */
const APP_VALUES = { replicas: 1, image: "nginx:1.27.3", serviceAccount: { create: true, name: "" }, serviceSelector: "", typo: false, widget: { size: 2 }, readOnly: false, securityContext: {}, mode: "a" };

const APP_TEMPLATES: Record<string, string> = {
    "_helpers.tpl": `{{- define "app.sa" -}}{{ .Values.serviceAccount.name | default .Release.Name }}{{- end -}}\n`,
    "serviceaccount.yaml": `{{- if .Values.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "app.sa" . }}
{{- end }}
`,
    "deployment.yaml": `{{- if semverCompare "<1.36-0" .Capabilities.KubeVersion.Version }}{{ fail "app needs Kubernetes 1.36" }}{{ end -}}
{{- if not (has .Values.mode (list "a" "b")) }}{{ fail "mode must be a or b" }}{{ end -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  replicas: {{ .Values.replicas }}
  {{- if .Values.typo }}
  replica: 3
  {{- end }}
  selector:
    matchLabels:
      app: {{ .Release.Name }}
  template:
    metadata:
      labels:
        app: {{ .Release.Name }}
      annotations:
        token: {{ randAlphaNum 16 | quote }}
    spec:
      serviceAccountName: {{ include "app.sa" . }}
      containers:
        - name: app
          image: {{ .Values.image }}
          {{- $securityContext := .Values.securityContext | default dict }}
          {{- if .Values.readOnly }}
          {{- $_ := set $securityContext "readOnlyRootFilesystem" true }}
          {{- end }}
          {{- with $securityContext }}
          securityContext: {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- if .Values.readOnly }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
          {{- end }}
`,
    "service.yaml": `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata:
      name: {{ .Release.Name }}
    spec:
      selector:
        app: {{ .Values.serviceSelector | default .Release.Name }}
      ports:
        - port: 80
`,
    "widget.yaml": `{{- if .Capabilities.APIVersions.Has "example.com/v1/Widget" }}
apiVersion: example.com/v1
kind: Widget
metadata:
  name: {{ .Release.Name }}
spec:
  size: {{ .Values.widget.size }}
{{- end }}
`,
};

/** A CRD whose CEL rule caps the size; the schema rejects unknown fields. */
export const WIDGET_CRD = {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.example.com" },
    spec: {
        group: "example.com",
        names: { kind: "Widget", plural: "widgets", singular: "widget", listKind: "WidgetList" },
        scope: "Namespaced",
        versions: [
            {
                name: "v1",
                served: true,
                storage: true,
                schema: {
                    openAPIV3Schema: {
                        type: "object",
                        properties: {
                            apiVersion: { type: "string" },
                            kind: { type: "string" },
                            metadata: { type: "object" },
                            spec: {
                                type: "object",
                                required: ["size"],
                                properties: {
                                    size: { type: "integer", minimum: 1 },
                                    ttl: { type: "string", format: "duration", default: "5m", "x-kubernetes-validations": [{ rule: "self >= duration('1m')", message: "ttl must be at least a minute" }] },
                                },
                                "x-kubernetes-validations": [{ rule: "self.size <= 10", message: "size must be at most 10" }],
                            },
                        },
                    },
                },
            },
        ],
    },
};

function writeChart(dir: string, name: string, version: string, files: Record<string, string>): string {
    const chartDir = path.join(dir, name);
    for (const [file, text] of Object.entries({ "Chart.yaml": stringify({ apiVersion: "v2", name, version, appVersion: version }), ...files })) {
        fs.mkdirSync(path.dirname(path.join(chartDir, file)), { recursive: true });
        fs.writeFileSync(path.join(chartDir, file), text);
    }
    return chartDir;
}

export interface Fixture {
    readonly dir: string;
    readonly cacheDir: string;
    readonly lockFile: string;
    /** A lock file with each archive's real digest. */
    writeGoodLock(): void;
}

/** Packages both charts with the real helm into a fresh cache. */
export async function buildFixture(helm: Helm): Promise<Fixture> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "charts-test-"));
    const sources = path.join(dir, "src");
    const cacheDir = path.join(dir, "cache");
    fs.mkdirSync(cacheDir, { recursive: true });
    const app = writeChart(sources, "app", APP_CHART.version, {
        "values.yaml": stringify(APP_VALUES),
        ...Object.fromEntries(Object.entries(APP_TEMPLATES).map(([f, t]) => [`templates/${f}`, t])),
    });
    const widgets = writeChart(sources, "widgets", WIDGETS_CHART.version, { "values.yaml": "{}\n", "crds/widgets.yaml": stringify(WIDGET_CRD) });
    for (const chart of [app, widgets]) {
        const result = await helm.run(["package", chart, "--destination", cacheDir]);
        if (result.code !== 0) throw new Error(result.stderr);
    }
    const lockFile = path.join(dir, "charts.lock.json");
    return {
        dir,
        cacheDir,
        lockFile,
        writeGoodLock: () =>
            writeLock(lockFile, {
                charts: [APP_CHART, WIDGETS_CHART].map((ref) => ({ ...ref, digest: sha256File(path.join(cacheDir, archiveName(ref))) })),
            }),
    };
}

const STACK = "urn:pulumi:test::fixture::pulumi:pulumi:Stack::fixture-test";

/** A recorded resource as the offline engine records it (only what the chart check reads). */
export function recorded(type: string, name: string, inputs: Record<string, unknown>, dependencies: string[] = []): RecordedResource {
    return {
        urn: `urn:pulumi:test::fixture::${type}::${name}`,
        type,
        name,
        custom: true,
        remote: false,
        id: undefined,
        inputs,
        plainInputs: inputs,
        outputs: undefined,
        parent: STACK,
        dependencies,
        propertyDependencies: {},
        explicitDependencies: dependencies,
        provider: undefined,
        protect: false,
        retainOnDelete: false,
        deleteBeforeReplace: false,
        ignoreChanges: [],
        replaceOnChanges: [],
        additionalSecretOutputs: [],
        deletedWith: undefined,
        transforms: [],
    };
}

export interface ScenarioOptions {
    readonly appValues?: Record<string, unknown>;
    readonly podIdentityServiceAccount?: string;
    readonly programWidgetSpec?: Record<string, unknown>;
    /** The app release waits for its Namespace. @default true */
    readonly appWaitsForNamespace?: boolean;
    /** The program's Widget waits for the release that installs its CRD. @default true */
    readonly widgetWaitsForCrd?: boolean;
    /** Extra program objects. */
    readonly extra?: RecordedResource[];
    /** The cluster's Kubernetes version. @default "1.36" */
    readonly kubernetesVersion?: string;
    /** The CRD release is installed with `skipCrds`. @default false */
    readonly widgetsSkipCrds?: boolean;
}

/** The program: a namespace, the CRD release, the app release, a Widget of its own and a Pod Identity association. */
export function scenario(options: ScenarioOptions = {}): RecordedResource[] {
    const namespace = recorded("kubernetes:core/v1:Namespace", "app-namespace", { apiVersion: "v1", kind: "Namespace", metadata: { name: "app" } });
    const cluster = recorded("eks:index:Cluster", "cluster", { version: options.kubernetesVersion ?? "1.36" });
    const widgets = recorded("kubernetes:helm.sh/v3:Release", "widgets-crds", {
        name: "widgets",
        chart: WIDGETS_CHART.chart,
        version: WIDGETS_CHART.version,
        namespace: "kube-system",
        ...(options.widgetsSkipCrds ? { skipCrds: true } : {}),
    });
    const app = recorded(
        "kubernetes:helm.sh/v3:Release",
        "app-release",
        {
            name: "app",
            chart: APP_CHART.chart,
            repositoryOpts: { repo: APP_CHART.repo },
            version: APP_CHART.version,
            namespace: "app",
            values: options.appValues ?? { replicas: 2, widget: { size: 3 } },
        },
        options.appWaitsForNamespace === false ? [widgets.urn] : [namespace.urn, widgets.urn],
    );
    const widget = recorded(
        "kubernetes:example.com/v1:Widget",
        "app-widget",
        { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "extra", namespace: "app" }, spec: options.programWidgetSpec ?? { size: 4, ttl: "10m" } },
        options.widgetWaitsForCrd === false ? [namespace.urn] : [namespace.urn, widgets.urn],
    );
    const association = recorded("aws:eks/podIdentityAssociation:PodIdentityAssociation", "app-pod-identity", {
        clusterName: "test",
        namespace: "app",
        serviceAccount: options.podIdentityServiceAccount ?? "app",
        roleArn: "arn:aws:iam::111122223333:role/app",
    });
    return [cluster, namespace, widgets, app, widget, association, ...(options.extra ?? [])];
}
