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
ENTRYPOINT ["java", "-jar", "/app/tandem.jar"]
