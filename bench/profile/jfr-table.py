# Where JFR execution samples are, by the library of the innermost frame outside the JDK and Reactor core:
# jfr-table.py BEFORE AFTER (the OUT prefixes given to run.sh); prints a markdown table
import sys, json, collections, subprocess
groups = [("connection handling (Netty, Reactor Netty)", ("io.netty.", "reactor.netty.")),
 ("Spring Security + JWT", ("org.springframework.security.", "com.nimbusds.")),
 ("request observation (Micrometer)", ("io.micrometer.",)),
 ("WebFlux dispatch, codecs, web filters", ("org.springframework.",)),
 ("Jackson", ("tools.jackson.", "com.fasterxml.")),
 ("Lettuce (Redis client)", ("io.lettuce.",)),
 ("R2DBC (ledger, behaviour log)", ("io.r2dbc.",)),
 ("our code (dev.flashsale)", ("dev.flashsale.",)),
 ("bean validation", ("org.hibernate.",)),
 ("load shedding (concurrency-limits)", ("com.netflix.",))]
skip = ("java.", "jdk.", "sun.", "reactor.core.", "reactor.util.")
def shares(paths):
    c = collections.Counter(); t = 0
    for p in paths:
        d = json.loads(subprocess.check_output(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", p]))
        for e in d["recording"]["events"]:
            fr = [f["method"]["type"]["name"].replace("/", ".") for f in e["values"]["stackTrace"]["frames"]]
            t += 1
            own = next((f for f in fr if not f.startswith(skip)), None)
            g = "JDK / Reactor core only" if own is None else next((n for n, ps in groups if own.startswith(ps)), "other")
            c[g] += 1
    return c, t
pre, post = sys.argv[1], sys.argv[2]
scen = ["granted-keep-alive-64", "sold-out-keep-alive-64", "granted-new-conn-16", "sold-out-new-conn-16"]
b, bt = shares([f"{pre}.{s}.jfr" for s in scen]); a, at = shares([f"{post}.{s}.jfr" for s in scen])
print(f"| where the samples are | before ({bt} samples) | after ({at} samples) |\n| --- | ---: | ---: |")
for n in [g[0] for g in groups] + ["JDK / Reactor core only", "other"]:
    print(f"| {n} | {100*b[n]/bt:.1f} % | {100*a[n]/at:.1f} % |")
