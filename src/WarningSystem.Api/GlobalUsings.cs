global using Marten;
global using Wolverine.Http;
global using WarningSystem.Ingest;
global using WarningSystem.Setup;
