{{/* Names: <release>-sockeye unless the release name already holds "sockeye". */}}
{{- define "sockeye.fullname" -}}
{{- if contains "sockeye" .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-sockeye" .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "sockeye.labels" -}}
app.kubernetes.io/name: sockeye
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one component: call with (dict "root" $ "component" "invoker"). */}}
{{- define "sockeye.selectorLabels" -}}
app.kubernetes.io/name: sockeye
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "sockeye.image" -}}
{{- printf "%s%s:%s" .root.Values.image.registry .repository (.root.Values.image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}

{{- define "sockeye.dbClusterName" -}}
{{- printf "%s-db" (include "sockeye.fullname" .) -}}
{{- end -}}

{{/* Postgres and secret-key settings, read the same way by the control plane (Quarkus) and the invoker
     (StoreConfigProperties.fromEnvironment). */}}
{{- define "sockeye.storeEnv" -}}
{{- $pg := .Values.postgres -}}
{{- if $pg.cloudNativePG.enabled }}
- name: SOCKEYE_DB_URL
  value: {{ printf "jdbc:postgresql://%s-rw:5432/%s" (include "sockeye.dbClusterName" .) $pg.cloudNativePG.database | quote }}
- name: SOCKEYE_DB_USER
  valueFrom:
    secretKeyRef: {name: {{ printf "%s-app" (include "sockeye.dbClusterName" .) }}, key: username}
- name: SOCKEYE_DB_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ printf "%s-app" (include "sockeye.dbClusterName" .) }}, key: password}
{{- else }}
- name: SOCKEYE_DB_URL
  value: {{ required "postgres.url is required (or postgres.cloudNativePG.enabled=true)" $pg.url | quote }}
- name: SOCKEYE_DB_USER
  value: {{ $pg.user | quote }}
- name: SOCKEYE_DB_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ required "postgres.existingSecret is required" $pg.existingSecret }}, key: {{ $pg.passwordKey }}}
{{- end }}
- name: SOCKEYE_SECRETS_ACTIVE_KEY
  value: {{ required "secretKeys.activeKey is required" .Values.secretKeys.activeKey | quote }}
{{- if not (has .Values.secretKeys.activeKey .Values.secretKeys.keyIds) }}
{{- fail (printf "secretKeys.activeKey %s is not one of secretKeys.keyIds" .Values.secretKeys.activeKey) }}
{{- end }}
{{- range .Values.secretKeys.keyIds }}
{{- if not (regexMatch "^[a-z0-9]+$" .) }}
{{- fail (printf "secretKeys.keyIds: %q must be lower-case letters and digits" .) }}
{{- end }}
- name: SOCKEYE_SECRETS_KEY_{{ upper . }}
  valueFrom:
    secretKeyRef: {name: {{ required "secretKeys.existingSecret is required" $.Values.secretKeys.existingSecret }}, key: {{ . }}}
{{- end }}
{{- end -}}

{{/* Pod security: non-root, no privilege escalation, read-only root file system. */}}
{{- define "sockeye.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.fsGroup }}
seccompProfile: {type: RuntimeDefault}
{{- end -}}

{{- define "sockeye.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities: {drop: [ALL]}
{{- end -}}


{{/* The extra CAs of guest TLS: one projected volume, one file per entry, "<index>-<key>" so two entries with
     the same key do not collide. */}}
{{- define "sockeye.guestTlsCaFiles" -}}
{{- $files := list -}}
{{- range $index, $ca := .Values.guestTls.extraCAs -}}
{{- $files = append $files (printf "/etc/sockeye/tls-ca/%d-%s" $index $ca.key) -}}
{{- end -}}
{{- join "," $files -}}
{{- end -}}

{{- define "sockeye.guestTlsVolume" -}}
- name: tls-ca
  projected:
    defaultMode: 0444
    sources:
      {{- range $index, $ca := .Values.guestTls.extraCAs }}
      {{- if not $ca.key }}
      {{- fail (printf "guestTls.extraCAs[%d]: key is required" $index) }}
      {{- end }}
      {{- if and $ca.secretName (not $ca.configMapName) }}
      - secret:
          name: {{ $ca.secretName }}
          items: [{key: {{ $ca.key | quote }}, path: {{ printf "%d-%s" $index $ca.key | quote }}}]
      {{- else if and $ca.configMapName (not $ca.secretName) }}
      - configMap:
          name: {{ $ca.configMapName }}
          items: [{key: {{ $ca.key | quote }}, path: {{ printf "%d-%s" $index $ca.key | quote }}}]
      {{- else }}
      {{- fail (printf "guestTls.extraCAs[%d]: set exactly one of secretName and configMapName" $index) }}
      {{- end }}
      {{- end }}
{{- end -}}
