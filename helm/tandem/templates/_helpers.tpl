{{/* The chart's name, at most 63 characters as Kubernetes names allow. */}}
{{- define "tandem.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The release's full name. The pods' DNS names are built from it, and a label value is at most 63
characters, so it stays under 50 to leave room for "-cluster" and the ordinal.
*/}}
{{- define "tandem.fullname" -}}
{{- $name := include "tandem.fullnameUnchecked" . -}}
{{- if not (regexMatch "^[a-z]([-a-z0-9]*[a-z0-9])?$" $name) -}}
{{- fail (printf "the release's full name %q is not a valid Kubernetes service name: lower-case letters, digits and '-', starting with a letter" $name) -}}
{{- end -}}
{{- $name -}}
{{- end -}}

{{- define "tandem.fullnameUnchecked" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else if contains (include "tandem.name" .) .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "tandem.name" .) | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The headless Service that gives each node a stable DNS name for the Hazelcast join. */}}
{{- define "tandem.clusterService" -}}
{{- printf "%s-cluster" (include "tandem.fullname" .) -}}
{{- end -}}

{{- define "tandem.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tandem.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "tandem.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "tandem.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/*
The Hazelcast members every node tries when it joins: the stable DNS name of each ordinal of the
StatefulSet. A node needs only one of them alive to join, so a scaled-up set still finds the
cluster through the ordinals listed at install time.
*/}}
{{- define "tandem.clusterMembers" -}}
{{- $members := list -}}
{{- $service := include "tandem.clusterService" . -}}
{{- $fullname := include "tandem.fullname" . -}}
{{- /* At least ordinal 0, so that pods of a set scaled up from zero join one cluster. */ -}}
{{- range $ordinal := until (max 1 (int .Values.replicaCount) | int) -}}
{{- $members = append $members (printf "%s-%d.%s.%s.svc.%s:%d" $fullname $ordinal $service $.Release.Namespace $.Values.cluster.clusterDomain (int $.Values.cluster.port)) -}}
{{- end -}}
{{- join "," $members -}}
{{- end -}}

{{/*
An environment variable read from a literal value or from a Secret's key. Arguments: the variable
name, the literal, the Secret's name, its key, and the message when neither is given.
*/}}
{{- define "tandem.urlEnv" -}}
- name: {{ .variable }}
{{- if .secret }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
{{- else }}
  value: {{ required .missing .url | quote }}
{{- end }}
{{- end -}}

{{/*
A value of extraEnv as an environment variable's text. YAML numbers arrive as floating point,
which would print large integers in exponent form (3.3554432e+07), so whole numbers print as
integers.
*/}}
{{- define "tandem.envValue" -}}
{{- if and (kindIs "float64" .) (eq (float64 (int64 .)) .) -}}
{{- int64 . | toString -}}
{{- else -}}
{{- toString . -}}
{{- end -}}
{{- end -}}
