# syntax=docker/dockerfile:1
# Multi-stage build of the GobiernoAbierto service. The runtime image runs as the non-root `app` user (uid 1654).
#   docker build -t gobiernoabierto .
#   docker compose -f deploy/compose.yaml up      (PostgreSQL + service)
# The two base images are build arguments so that a machine without access to mcr.microsoft.com can pass its own
# equivalents (deploy/image/build.sh does that with buildah); by default they are Microsoft's images.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
WORKDIR /source
# Restore first, from the project files only, so the layer is cached until dependencies change.
# nuget.config lists packages-local/ as a source beside nuget.org: Marten needs it (packages-local/README.md).
COPY nuget.config Directory.Build.props Directory.Packages.props ./
COPY packages-local/ packages-local/
COPY src/GobiernoAbierto/GobiernoAbierto.csproj src/GobiernoAbierto/
RUN dotnet restore src/GobiernoAbierto/GobiernoAbierto.csproj
COPY src/ src/
RUN dotnet publish src/GobiernoAbierto/GobiernoAbierto.csproj -c Release --no-restore -o /app
# Outside Development the service runs the endpoint code committed under src/GobiernoAbierto/Internal/Generated (made by
# ./codegen.sh), not code generated at start: refuse to build an image from stale code, as CI's test
# the_committed_endpoint_code_is_what_wolverine_generates_now does. Same command and settings as ./codegen.sh (about
# 3 s): the host is built, never started; nothing connects to the database named here; the secret is a placeholder.
RUN ASPNETCORE_ENVIRONMENT=Testing Wolverine__GeneratedCodeOutputPath=/tmp/codegen \
    ConnectionStrings__GobiernoAbierto="Host=127.0.0.1;Database=codegen;Username=codegen" \
    Voting__VoterKeySecret="Y29kZWdlbi1vbmx5LXBsYWNlaG9sZGVyLWNvZGVnZW4tb25seQ==" \
    dotnet /app/GobiernoAbierto.dll codegen write >/dev/null \
 && if ! diff -r /tmp/codegen src/GobiernoAbierto/Internal/Generated >/tmp/codegen.diff; then \
      grep -E '^(Only in|diff )' /tmp/codegen.diff >&2; \
      echo "src/GobiernoAbierto/Internal/Generated is not what Wolverine generates from these endpoints: run ./codegen.sh and commit what it writes." >&2; \
      exit 1; \
    fi \
 && rm -rf /tmp/codegen /tmp/codegen.diff

FROM ${RUNTIME_IMAGE} AS runtime
# The voting-code letters (PDF) print in DejaVu Sans and DejaVu Sans Mono, read at run time from Debian's package
# (Credentials/LetterFonts.cs); Microsoft's runtime image (Ubuntu 24.04 for the 10.0 tags; Debian for the stand-in of
# deploy/image/build.sh) has no fonts, and both distributions package them under this name.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_gcServer=1
EXPOSE 8080
USER app
# The runtime image has no curl: the service answers its own probe (exit 0 when /health/ready answers 2xx).
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD ["dotnet", "GobiernoAbierto.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "GobiernoAbierto.dll"]
