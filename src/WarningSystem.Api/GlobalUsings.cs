global using Marten;
global using Wolverine.Http;
global using Microsoft.AspNetCore.Authorization;
global using WarningSystem.Shared;
