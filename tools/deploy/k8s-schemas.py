#!/usr/bin/env python3
"""Kubernetes OpenAPI v2 (swagger.json from the k8s.io/kubernetes source module) -> standalone, strict
JSON schemas laid out the way kubeconform looks them up: <kind><KindSuffix>.json, e.g.
deployment-apps-v1.json, service-v1.json, networkpolicy-networking-v1.json.

Standalone: every $ref is inlined (a recursive reference becomes an open object). Strict: an object
with declared properties allows no other key, so a misspelt field fails the check. int-or-string
fields accept either. Usage: k8s-schemas.py swagger.json OUT_DIR
"""
import json
import os
import sys


def main(spec_path, out_dir):
    with open(spec_path) as f:
        spec = json.load(f)
    defs = spec["definitions"]

    def expand(node, stack):
        if isinstance(node, list):
            return [expand(n, stack) for n in node]
        if not isinstance(node, dict):
            return node
        if isinstance(node.get("$ref"), str):
            name = node["$ref"].split("/")[-1]
            if name in stack:
                return {"type": "object"}  # recursion (e.g. JSONSchemaProps): left open
            return expand(defs[name], stack | {name})
        out = {}
        for key, value in node.items():
            if key in ("x-kubernetes-group-version-kind",):
                continue
            if key == "properties":
                continue  # a map of names to schemas, expanded below
            out[key] = expand(value, stack) if key in ("items", "additionalProperties", "allOf", "oneOf", "anyOf") else value
        if isinstance(node.get("properties"), dict):
            out["properties"] = {k: expand(v, stack) for k, v in node["properties"].items()}
            out.setdefault("type", "object")
            out.setdefault("additionalProperties", False)
        if out.get("format") == "int-or-string":
            out.pop("type", None)
            out.pop("format", None)
            out["oneOf"] = [{"type": "string"}, {"type": "integer"}]
        return out

    os.makedirs(out_dir, exist_ok=True)
    count = 0
    for name, definition in defs.items():
        for gvk in definition.get("x-kubernetes-group-version-kind", []):
            group, version, kind = gvk["group"], gvk["version"], gvk["kind"]
            suffix = "-" + group.split(".")[0].lower() + "-" + version if group else "-" + version
            schema = expand(definition, frozenset([name]))
            schema["$schema"] = "http://json-schema.org/schema#"
            # apiVersion and kind must match the file the document was routed to.
            props = schema.setdefault("properties", {})
            props["apiVersion"] = {"type": "string", "enum": [f"{group}/{version}" if group else version]}
            props["kind"] = {"type": "string", "enum": [kind]}
            with open(os.path.join(out_dir, f"{kind.lower()}{suffix}.json"), "w") as f:
                json.dump(schema, f)
            count += 1
    print(f"k8s-schemas: {count} schemas written to {out_dir}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
