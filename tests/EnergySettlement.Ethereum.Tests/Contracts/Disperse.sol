// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

interface IERC20Minimal {
    function transfer(address to, uint256 value) external returns (bool);
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

/// @title Disperse
/// @notice The gas baseline for BatchSettlement: the well-known minimal "pay many addresses in one call" design,
///         written here for the measurement only (tests/EnergySettlement.Ethereum.Tests/Gas). No idempotency, no events
///         of its own, no fee-on-transfer check: the cheapest plain way to pay many payees.
/// @dev Ether: one transfer per payee, then any rest back to the sender. Token: one transferFrom of the total to this
///      contract, then one transfer per payee. Compiled with the same solc-js settings as the production contracts.
contract Disperse {
    function disperseEther(address[] calldata recipients, uint256[] calldata values) external payable {
        for (uint256 i = 0; i < recipients.length; i++) {
            payable(recipients[i]).transfer(values[i]);
        }
        uint256 rest = address(this).balance;
        if (rest > 0) {
            payable(msg.sender).transfer(rest);
        }
    }

    function disperseToken(IERC20Minimal token, address[] calldata recipients, uint256[] calldata values) external {
        uint256 total = 0;
        for (uint256 i = 0; i < recipients.length; i++) {
            total += values[i];
        }
        require(token.transferFrom(msg.sender, address(this), total));
        for (uint256 i = 0; i < recipients.length; i++) {
            require(token.transfer(recipients[i], values[i]));
        }
    }
}
