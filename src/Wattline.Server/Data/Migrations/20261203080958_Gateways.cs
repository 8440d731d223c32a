using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Wattline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class Gateways : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MeterKey",
                table: "devices",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ParentId",
                table: "devices",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "gateway_batches",
                columns: table => new
                {
                    GatewayId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    BatchId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Samples = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gateway_batches", x => new { x.GatewayId, x.BatchId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_devices_ParentId_MeterKey",
                table: "devices",
                columns: new[] { "ParentId", "MeterKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_gateway_batches_ReceivedAt",
                table: "gateway_batches",
                column: "ReceivedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "gateway_batches");

            migrationBuilder.DropIndex(
                name: "IX_devices_ParentId_MeterKey",
                table: "devices");

            migrationBuilder.DropColumn(
                name: "MeterKey",
                table: "devices");

            migrationBuilder.DropColumn(
                name: "ParentId",
                table: "devices");
        }
    }
}
