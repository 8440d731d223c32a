using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Wattline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class Alerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alert_rules",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    HomeId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Operator = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Value = table.Column<double>(type: "REAL", nullable: true),
                    Clear = table.Column<double>(type: "REAL", nullable: true),
                    High = table.Column<double>(type: "REAL", nullable: true),
                    ClearHigh = table.Column<double>(type: "REAL", nullable: true),
                    ForSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    BuiltIn = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_rules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_alert_rules_homes_HomeId",
                        column: x => x.HomeId,
                        principalTable: "homes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "alert_settings",
                columns: table => new
                {
                    HomeId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DefaultsCreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    MonthlyBudget = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    BudgetPercentages = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_settings", x => x.HomeId);
                    table.ForeignKey(
                        name: "FK_alert_settings_homes_HomeId",
                        column: x => x.HomeId,
                        principalTable: "homes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HomeId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    OpenKey = table.Column<string>(type: "TEXT", maxLength: 160, nullable: true),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    RuleId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Value = table.Column<double>(type: "REAL", nullable: true),
                    ExpectedLow = table.Column<double>(type: "REAL", nullable: true),
                    ExpectedHigh = table.Column<double>(type: "REAL", nullable: true),
                    RaisedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastOccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Occurrences = table.Column<int>(type: "INTEGER", nullable: false),
                    AcknowledgedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClearedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClearValue = table.Column<double>(type: "REAL", nullable: true),
                    ClearedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_alerts_homes_HomeId",
                        column: x => x.HomeId,
                        principalTable: "homes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_alert_rules_HomeId",
                table: "alert_rules",
                column: "HomeId");

            migrationBuilder.CreateIndex(
                name: "IX_alerts_HomeId_Id",
                table: "alerts",
                columns: new[] { "HomeId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_alerts_OpenKey",
                table: "alerts",
                column: "OpenKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alert_rules");

            migrationBuilder.DropTable(
                name: "alert_settings");

            migrationBuilder.DropTable(
                name: "alerts");
        }
    }
}
