"""herokube diff: exact output on known changes, in text and Markdown; refs, exit codes."""

from __future__ import annotations

from pathlib import Path

from herokube.diff.manifests import Key
from herokube.diff.report import compare

from .conftest import commit, git, herokube, write

REPLICAS_TEXT = """\
herokube diff: main -> working tree

== dev: no change

== prod: 0 added, 1 changed, 0 removed
~ changed Deployment shop-prod/shop-web (apps/v1)

--- a/apps/v1/Deployment/shop-prod/shop-web
+++ b/apps/v1/Deployment/shop-prod/shop-web
@@ -6,7 +6,7 @@
   name: shop-web
   namespace: shop-prod
 spec:
-  replicas: 2
+  replicas: 3
   template:
     metadata:
       annotations:

== staging: no change
"""

CONFIG_MARKDOWN = """\
### herokube diff: `HEAD~1` → `HEAD`

| Environment | Added | Changed | Removed |
| --- | ---: | ---: | ---: |
| dev | 0 | 2 | 0 |

#### dev: 0 added, 2 changed, 0 removed

| Change | Kind | Namespace | Name | apiVersion |
| --- | --- | --- | --- | --- |
| changed | ConfigMap | shop-dev | shop-config | v1 |
| changed | Deployment | shop-dev | shop-web | apps/v1 |

<details><summary>changed: ConfigMap shop-dev/shop-config (v1)</summary>

```diff
--- a/v1/ConfigMap/shop-dev/shop-config
+++ b/v1/ConfigMap/shop-dev/shop-config
@@ -1,6 +1,6 @@
 apiVersion: v1
 data:
-  GREETING: hello
+  GREETING: welcome
 kind: ConfigMap
 metadata:
   name: shop-config
```

</details>

<details><summary>changed: Deployment shop-dev/shop-web (apps/v1)</summary>

```diff
--- a/apps/v1/Deployment/shop-dev/shop-web
+++ b/apps/v1/Deployment/shop-dev/shop-web
@@ -9,7 +9,7 @@
   template:
     metadata:
       annotations:
-        checksum/config: 0d7b6f1f5e3c
+        checksum/config: {new}
     spec:
       containers:
         - image: shop:1
```

</details>
"""


def _namespaced(repo: Path) -> None:
    # Helm does not add a namespace; the chart here sets it the way herokube's chart does.
    path = repo / "chart" / "templates" / "deployment.yaml"
    path.write_text(
        path.read_text().replace(
            "  labels:\n", "  namespace: {{ .Release.Namespace }}\n  labels:\n"
        )
    )


def test_working_tree_against_main_in_text(shop: Path) -> None:
    _namespaced(shop)
    commit(shop, "namespace")
    git(shop, "checkout", "--quiet", "-b", "scale-prod")
    write(shop, {"environments/prod/values.yaml": "replicas: 3\n"})

    result = herokube("diff", shop)

    assert (result.code, result.err) == (0, "")
    assert result.out == REPLICAS_TEXT


def test_a_config_change_in_markdown_keeps_the_checksum(shop: Path) -> None:
    write(shop, {"environments/dev/values.yaml": "replicas: 1\nconfig:\n  GREETING: welcome\n"})
    commit(shop, "dev says welcome")

    result = herokube(
        "diff", shop, "--base", "HEAD~1", "--head", "HEAD", "--env", "dev", "--output", "markdown"
    )

    assert result.code == 0, result.err
    lines = [
        line
        for line in result.out.splitlines()
        if line.startswith(("-        checksum", "+        checksum"))
    ]
    old, new = (line.rsplit(" ", 1)[1] for line in lines)
    assert result.out == CONFIG_MARKDOWN.replace("0d7b6f1f5e3c", old).replace("{new}", new)
    assert old != new


def test_a_checksum_alone_is_noise(shop: Path) -> None:
    write(shop, {"environments/staging/values.yaml": "replicas: 1\nsalt: x\n"})
    commit(shop, "salt")
    result = herokube("diff", shop, "--base", "HEAD~1", "--head", "HEAD", "--exit-code")
    assert (result.code, result.out.count("no change")) == (0, 3)


def test_added_and_removed_resources_and_exit_code(shop: Path) -> None:
    write(
        shop,
        {
            "chart/templates/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-web\nspec:\n  ports:\n    - port: 80\n"
        },
    )
    (shop / "chart" / "templates" / "configmap.yaml").unlink()
    commit(shop, "service, no configmap")

    result = herokube("diff", shop, "--base", "HEAD~1", "--env", "prod", "--exit-code")

    assert result.code == 1
    assert "== prod: 1 added, 0 changed, 1 removed\n" in result.out
    assert "+ added   Service shop-prod/shop-web (v1)\n" in result.out
    assert "- removed ConfigMap shop-prod/shop-config (v1)\n" in result.out
    assert "--- /dev/null\n+++ b/v1/Service/shop-prod/shop-web\n" in result.out
    assert "--- a/v1/ConfigMap/shop-prod/shop-config\n+++ /dev/null\n" in result.out
    assert "\n== dev" not in result.out


def test_an_environment_only_on_one_side(shop: Path) -> None:
    write(shop, {"environments/qa/values.yaml": "replicas: 1\n"})
    result = herokube("diff", shop, "--env", "qa")
    assert "== qa: 2 added, 0 changed, 0 removed" in result.out


def test_bad_ref_and_not_a_repository_exit_2(shop: Path, tmp_path: Path) -> None:
    bad = herokube("diff", shop, "--base", "no-such-ref")
    assert (bad.code, bad.err) == (
        2,
        "herokube: --base: no-such-ref: not a commit in this repository\n",
    )
    plain = tmp_path / "plain"
    plain.mkdir()
    assert herokube("diff", plain).code == 2
    assert herokube("diff", shop, "--env", "nope").code == 2


def test_output_is_stable(shop: Path) -> None:
    write(shop, {"chart/values.yaml": "replicas: 1\nconfig:\n  GREETING: hi\n  B: '2'\n  A: '1'\n"})
    first = herokube("diff", shop, "--output", "markdown").out
    assert first == herokube("diff", shop, "--output", "markdown").out
    assert first.index("A: '1'") < first.index("B: '2'")


def test_compare_masks_checksums_only_when_config_is_equal() -> None:
    key = Key("Deployment", "ns", "web", "apps/v1")
    config = Key("ConfigMap", "ns", "cfg", "v1")

    def deployment(checksum: str) -> dict:
        return {"spec": {"template": {"metadata": {"annotations": {"checksum/config": checksum}}}}}

    same = compare(
        "dev",
        {key: deployment("a"), config: {"data": {"A": "1"}}},
        {key: deployment("b"), config: {"data": {"A": "1"}}},
    )
    assert same.resources == []
    changed = compare(
        "dev",
        {key: deployment("a"), config: {"data": {"A": "1"}}},
        {key: deployment("b"), config: {"data": {"A": "2"}}},
    )
    assert [r.key.kind for r in changed.resources] == ["ConfigMap", "Deployment"]


def test_a_chart_version_bump_alone_is_noise() -> None:
    key = Key("Service", "ns", "web", "v1")

    def service(chart: str, port: int) -> dict:
        return {
            "metadata": {"labels": {"helm.sh/chart": chart}},
            "spec": {"ports": [{"port": port}]},
        }

    bumped = compare("dev", {key: service("shop-0.1.0", 80)}, {key: service("shop-0.1.1", 80)})
    assert bumped.resources == []
    real = compare("dev", {key: service("shop-0.1.0", 80)}, {key: service("shop-0.1.1", 8080)})
    assert [r.change for r in real.resources] == ["changed"]
    assert "-    - port: 80\n+    - port: 8080\n" in real.resources[0].diff
