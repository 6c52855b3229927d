# syntax=docker/dockerfile:1
# Multi-stage build of the GobiernoAbierto service. The runtime image runs as the non-root `app` user.
#   docker build -t gobiernoabierto .
#   docker compose -f deploy/compose.yaml up      (PostgreSQL + service)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# Restore first, from the project files only, so the layer is cached until dependencies change.
COPY nuget.config Directory.Build.props Directory.Packages.props ./
COPY packages-local/ packages-local/
COPY src/GobiernoAbierto/GobiernoAbierto.csproj src/GobiernoAbierto/
RUN dotnet restore src/GobiernoAbierto/GobiernoAbierto.csproj
COPY src/ src/
RUN dotnet publish src/GobiernoAbierto/GobiernoAbierto.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_gcServer=1
EXPOSE 8080
USER app
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD ["dotnet", "GobiernoAbierto.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "GobiernoAbierto.dll"]
