# Respaldo — the two commands a newcomer needs: `make run` and `make test`.
MVN ?= mvn -B -q
JAR := target/respaldo.jar
# the documented launch flags: Respaldo is I/O-bound, and on 2 cores the C2 compiler slows start-up
JAVA_OPTS ?= -Xmx256m -XX:TieredStopAtLevel=1
SOURCES := $(shell find src/main routes -type f 2>/dev/null) pom.xml

.PHONY: run test package bench clean

# builds if needed, then starts the whole system on embedded defaults (demo profile)
run: $(JAR)
	@# self-contained: the embedded simulator's published password is the demo profile's default
	RESPALDO_PROFILE=demo java $(JAVA_OPTS) -jar $(JAR)

# the whole test suite: unit and application tests, then the jar, then the process tests (kill -9, restarts)
test:
	$(MVN) verify

package: $(JAR)

$(JAR): $(SOURCES)
	$(MVN) -DskipTests package

# benchmarks (tagged "bench"; not part of `make test`)
bench: $(JAR)
	mvn -B -Pbench test

clean:
	$(MVN) clean
