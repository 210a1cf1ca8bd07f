{{/* Names and labels */}}
{{- define "colink.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "colink.labels" -}}
app.kubernetes.io/name: colink
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
app.kubernetes.io/part-of: colink
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "colink.selector" -}}
app.kubernetes.io/name: colink
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* One service's settings: its entry merged over `defaults`. Returns YAML. */}}
{{- define "colink.svc" -}}
{{- $svc := mergeOverwrite (deepCopy .root.Values.defaults) (deepCopy .svc) -}}
{{- /* Services serve /metrics on a port of their own: the HTTP port + 1000 unless set. */ -}}
{{- if not $svc.metricsPort }}{{- $_ := set $svc "metricsPort" (add $svc.port 1000) }}{{- end -}}
{{- toYaml $svc -}}
{{- end -}}

{{- define "colink.image" -}}
{{- printf "%s-%s:%s" .root.Values.image.repository .name (default .root.Chart.AppVersion .root.Values.image.tag) -}}
{{- end -}}

{{- define "colink.secretRef" -}}
valueFrom:
  secretKeyRef:
    name: {{ .name }}
    key: {{ .key }}
{{- end -}}

{{/*
The environment of one service, from what it `uses` and `calls`. Credentials come from Secrets by
reference; URLs that embed them use Kubernetes' $(VAR) expansion of variables defined before them.
*/}}
{{- define "colink.env" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $s := .svc -}}
{{- $m := $v.managed -}}
{{- $sec := $v.secrets -}}
- name: NODE_ENV
  value: production
- name: HOST
  value: 0.0.0.0
- name: PORT
  value: {{ $s.port | quote }}
{{- if $s.metricsPort }}
- name: METRICS_PORT
  value: {{ $s.metricsPort | quote }}
{{- end }}
- name: LOG_LEVEL
  value: {{ $s.logLevel | quote }}
- name: INSTANCE_ID
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: INTERNAL_AUTH_SECRET
  {{- include "colink.secretRef" (dict "name" $sec.internalAuth.name "key" $sec.internalAuth.key) | nindent 2 }}
{{- if $v.tracing.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ $v.tracing.otlpEndpoint | quote }}
- name: OTEL_SERVICE_NAME
  value: {{ printf "colink-%s" .name | quote }}
{{- end }}
{{- if $m.caBundleConfigMap }}
- name: NODE_EXTRA_CA_CERTS
  value: /etc/colink/ca/ca-bundle.pem
{{- end }}
{{- if has "postgres" $s.uses }}
- name: DB_USERNAME
  {{- include "colink.secretRef" (dict "name" $sec.postgres.name "key" $sec.postgres.usernameKey) | nindent 2 }}
- name: DB_PASSWORD
  {{- include "colink.secretRef" (dict "name" $sec.postgres.name "key" $sec.postgres.passwordKey) | nindent 2 }}
- name: DATABASE_URL
  value: {{ printf "postgres://$(DB_USERNAME):$(DB_PASSWORD)@%s:%v/%s?sslmode=%s" $m.postgres.host $m.postgres.port $m.postgres.database $m.postgres.sslmode | quote }}
{{- end }}
{{- if has "kafka" $s.uses }}
- name: KAFKA_BROKERS
  value: {{ $m.kafka.brokers | quote }}
{{- end }}
{{- if has "redis" $s.uses }}
- name: REDIS_AUTH_TOKEN
  {{- include "colink.secretRef" (dict "name" $sec.redis.name "key" $sec.redis.authTokenKey) | nindent 2 }}
- name: REDIS_URL
  value: {{ printf "%s://:$(REDIS_AUTH_TOKEN)@%s:%v" (ternary "rediss" "redis" $m.redis.tls) $m.redis.host $m.redis.port | quote }}
{{- end }}
{{- if has "documentdb" $s.uses }}
- name: DOCDB_USERNAME
  {{- include "colink.secretRef" (dict "name" $sec.documentdb.name "key" $sec.documentdb.usernameKey) | nindent 2 }}
- name: DOCDB_PASSWORD
  {{- include "colink.secretRef" (dict "name" $sec.documentdb.name "key" $sec.documentdb.passwordKey) | nindent 2 }}
- name: MONGODB_URL
  value: {{ printf "mongodb://$(DOCDB_USERNAME):$(DOCDB_PASSWORD)@%s:%v/%s?%s" $m.documentdb.host $m.documentdb.port $m.documentdb.database $m.documentdb.options | quote }}
{{- end }}
{{- if has "opensearch" $s.uses }}
- name: OPENSEARCH_USERNAME
  {{- include "colink.secretRef" (dict "name" $sec.opensearch.name "key" $sec.opensearch.usernameKey) | nindent 2 }}
- name: OPENSEARCH_PASSWORD
  {{- include "colink.secretRef" (dict "name" $sec.opensearch.name "key" $sec.opensearch.passwordKey) | nindent 2 }}
- name: OPENSEARCH_URL
  value: {{ printf "https://$(OPENSEARCH_USERNAME):$(OPENSEARCH_PASSWORD)@%s" (regexReplaceAll "^https?://" $m.opensearch.url "") | quote }}
{{- end }}
{{- if has "s3" $s.uses }}
- name: S3_ENDPOINT
  value: {{ $m.s3.endpoint | quote }}
- name: S3_PUBLIC_ENDPOINT
  value: {{ $m.s3.publicEndpoint | quote }}
- name: S3_REGION
  value: {{ $m.s3.region | quote }}
- name: S3_BUCKET
  value: {{ default $m.s3.bucket $s.s3Bucket | quote }}
- name: S3_ACCESS_KEY
  {{- include "colink.secretRef" (dict "name" $sec.s3.name "key" $sec.s3.accessKeyKey) | nindent 2 }}
- name: S3_SECRET_KEY
  {{- include "colink.secretRef" (dict "name" $sec.s3.name "key" $sec.s3.secretKeyKey) | nindent 2 }}
{{- end }}
{{- if has "clamd" $s.uses }}
- name: CLAMD_HOST
  value: {{ $m.clamd.host | quote }}
- name: CLAMD_PORT
  value: {{ $m.clamd.port | quote }}
{{- end }}
{{- if $s.public }}
{{- /* The web app's CSP lets the browser PUT uploads to and load images from the S3 public endpoint. */}}
- name: S3_PUBLIC_ENDPOINT
  value: {{ $m.s3.publicEndpoint | quote }}
{{- end }}
{{- if has "keycloak" $s.uses }}
- name: KEYCLOAK_URL
  value: {{ $m.keycloak.url | quote }}
- name: KEYCLOAK_INTERNAL_URL
  value: {{ $m.keycloak.internalUrl | quote }}
- name: KEYCLOAK_REALM
  value: {{ $m.keycloak.realm | quote }}
{{- end }}
{{- range $callee := $s.calls }}
{{- $target := index $v.services $callee }}
- name: {{ printf "%s_URL" ($callee | upper | replace "-" "_") }}
  value: {{ printf "http://%s:%v" (include "colink.fullname" (dict "root" $root "name" $callee)) $target.port | quote }}
{{- end }}
{{- range $k, $ref := $s.secretEnv }}
{{- $secret := index $sec (index $ref 0) }}
- name: {{ $k }}
  {{- include "colink.secretRef" (dict "name" $secret.name "key" (index $secret (index $ref 1))) | nindent 2 }}
{{- end }}
{{- range $k, $val := $s.env }}
- name: {{ $k }}
  value: {{ $val | quote }}
{{- end }}
{{- end -}}

{{/* Pod security shared by Deployments and Jobs. */}}
{{- define "colink.podSecurity" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: 1000
  runAsGroup: 1000
  fsGroup: 1000
  seccompProfile: { type: RuntimeDefault }
{{- end -}}

{{- define "colink.containerSecurity" -}}
securityContext:
  readOnlyRootFilesystem: true
  allowPrivilegeEscalation: false
  capabilities: { drop: [ALL] }
{{- end -}}

{{- define "colink.volumeMounts" -}}
volumeMounts:
  - { name: tmp, mountPath: /tmp }
{{- if .Values.managed.caBundleConfigMap }}
  - { name: ca-bundle, mountPath: /etc/colink/ca, readOnly: true }
{{- end }}
{{- end -}}

{{- define "colink.volumes" -}}
volumes:
  - name: tmp
    emptyDir: { sizeLimit: 256Mi }
{{- if .Values.managed.caBundleConfigMap }}
  - name: ca-bundle
    configMap:
      name: {{ .Values.managed.caBundleConfigMap }}
      items: [{ key: ca-bundle.pem, path: ca-bundle.pem }]
{{- end }}
{{- end -}}
