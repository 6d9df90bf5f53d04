// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

interface IBatchSettlementV2 {
    function settleNative(uint256 batchNumber, bytes32 batchKey, bytes32 commitment, uint256[] calldata payouts)
        external
        payable;
}

/// @title ReentrantPayee
/// @notice A hostile payee for the security tests only: when paid ether it re-enters BatchSettlementV2 and tries to
///         take the ether still in flight for the rest of the batch (a batch of its own that pays it the settlement
///         contract's whole balance while sending nothing). With swallow set it hides the refusal and accepts its
///         payment; otherwise it reverts, failing the payment.
contract ReentrantPayee {
    IBatchSettlementV2 public immutable settlement;
    bool public swallow;
    bool public reentrySucceeded;
    uint256 public reentries;

    constructor(IBatchSettlementV2 settlementContract) {
        settlement = settlementContract;
    }

    function setSwallow(bool value) external {
        swallow = value;
    }

    receive() external payable {
        reentries += 1;
        uint256[] memory payouts = new uint256[](1);
        payouts[0] = (uint256(uint160(address(this))) << 96) | address(settlement).balance;
        try settlement.settleNative(uint256(keccak256("reentry")), bytes32(0), bytes32(0), payouts) {
            reentrySucceeded = true;
        } catch {
            if (!swallow) {
                revert("ReentrantPayee: re-entry refused");
            }
        }
    }
}
