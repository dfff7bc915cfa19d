global using Marten;
global using Wolverine.Http;
global using WarningSystem.Ingest;
global using WarningSystem.Setup;
global using Microsoft.AspNetCore.Authorization;
global using WarningSystem.Security;
