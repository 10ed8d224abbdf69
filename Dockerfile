# The image the Helm chart under helm/tandem runs. Build the jar first:
#   mvn -B package -DskipTests && docker build -t tandem:0.1.0 .
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY conf/tandem.yaml conf/tandem.yaml
COPY target/tandem.jar tandem.jar
# A fixed non-root user, matching the chart's runAsUser.
RUN groupadd --gid 10001 tandem && useradd --uid 10001 --gid 10001 --no-create-home tandem
USER 10001:10001
EXPOSE 8080 5701 5801
# JAVA_OPTS holds the JVM's options. JAVA_TOOL_OPTIONS would work too, but the JVM then prints a
# plain-text line before the first JSON log line.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/tandem.jar"]
