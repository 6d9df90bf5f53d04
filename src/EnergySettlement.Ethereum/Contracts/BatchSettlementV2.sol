// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title BatchSettlementV2
/// @notice Pays many payees in one transaction, in ether or in an ERC-20 token, at most once per (payer, batch number),
///         and records one 32-byte commitment to the batch's payout list (payees, amounts, references) in one event.
/// @dev Gas-lean successor of BatchSettlement (version 1, which stays supported):
///      - once-only flags are bits: 256 batch numbers of a payer share one storage word, so a batch usually pays a
///        warm non-zero write instead of a fresh slot; keyed by msg.sender, so nobody can use or block a payer's numbers;
///      - each payout is one calldata word: payee in the high 160 bits, amount in the low 96 bits;
///      - tokens: one transferFrom of the declared total into this contract (its balance is read before and after, so a
///        token that delivers less than asked - a fee-on-transfer token - is refused), then one transfer per payee, and
///        the amounts paid must add up to the declared total; tokens that return nothing instead of true are accepted;
///      - per-payout references stay off chain (the commitment covers them) unless the caller uses the *WithReferences
///        functions, which also emit one Payout event per payout;
///      - all or nothing: any failure reverts the whole batch. Holds no funds between transactions.
///      The once-only bit is set before any transfer (checks-effects-interactions), so a payee that re-enters cannot
///      settle the same batch again; a re-entrant call settles only its caller's own batch and pays out exactly what it
///      brought, so it cannot reach the funds in flight.
contract BatchSettlementV2 {
    uint256 private constant AMOUNT_MASK = (1 << 96) - 1;

    /// @dev payer => word index (batch number >> 8) => 256 once-only bits.
    mapping(address => mapping(uint256 => uint256)) private _settled;

    /// @notice A batch was paid. commitment binds the payout list (see docs/ethereum.md); batchKey is
    ///         keccak256 of the batch id, so a host can find a batch's settlement by its id.
    event BatchSettled(address indexed payer, bytes32 indexed batchKey, uint256 batchNumber, bytes32 commitment);

    /// @notice One payout, only from the *WithReferences functions.
    event Payout(address indexed payer, address indexed payee, uint256 amount, string settlementReference);

    /// @notice The payer already settled this batch number.
    error BatchAlreadySettled(address payer, uint256 batchNumber);

    /// @notice No payouts, or the payout and reference arrays differ in length.
    error MalformedBatch(uint256 payouts, uint256 references);

    /// @notice The ether sent differs from the sum of the amounts.
    error ValueMismatch(uint256 expected, uint256 received);

    /// @notice The token amounts paid differ from the declared total.
    error TotalMismatch(uint256 declared, uint256 paid);

    /// @notice An ether transfer to a payee failed.
    error NativeTransferFailed(address payee, uint256 amount);

    /// @notice The token address holds no ERC-20 contract (balanceOf returned no word).
    error NotAToken(address token);

    /// @notice A token transfer or transferFrom reverted or returned something other than nothing or true.
    error TokenTransferFailed(address token, address to, uint256 amount);

    /// @notice The token delivered less (or more) than the declared total: fee-on-transfer tokens are refused.
    error FeeOnTransferToken(address token, uint256 expected, uint256 received);

    /// @notice The interface version, so an adapter can tell this contract from version 1 by probing.
    function batchSettlementVersion() external pure returns (uint256) {
        return 2;
    }

    /// @notice Whether a payer has settled a batch number.
    function isSettled(address payer, uint256 batchNumber) external view returns (bool) {
        return _settled[payer][batchNumber >> 8] & (1 << (batchNumber & 0xff)) != 0;
    }

    /// @notice Pays ether: each payout word is payee << 96 | amount; msg.value must equal the sum of the amounts.
    function settleNative(uint256 batchNumber, bytes32 batchKey, bytes32 commitment, uint256[] calldata payouts)
        external
        payable
    {
        _begin(batchNumber, payouts.length);
        uint256 total;
        for (uint256 i; i < payouts.length; ++i) {
            uint256 word = payouts[i];
            // Unchecked: amounts are below 2^96, so 2^160 payouts would be needed to overflow.
            unchecked {
                total += word & AMOUNT_MASK;
            }
            if (!_sendEther(word)) {
                _refuseNative(payouts, i);
            }
        }
        _endNative(total, batchNumber, batchKey, commitment);
    }

    /// @notice As settleNative, and emits one Payout event with its reference per payout.
    function settleNativeWithReferences(
        uint256 batchNumber,
        bytes32 batchKey,
        bytes32 commitment,
        uint256[] calldata payouts,
        string[] calldata references
    ) external payable {
        _begin(batchNumber, payouts.length);
        if (references.length != payouts.length) {
            revert MalformedBatch(payouts.length, references.length);
        }
        uint256 total;
        for (uint256 i; i < payouts.length; ++i) {
            uint256 word = payouts[i];
            unchecked {
                total += word & AMOUNT_MASK;
            }
            if (!_sendEther(word)) {
                _refuseNative(payouts, i);
            }
            emit Payout(msg.sender, address(uint160(word >> 96)), word & AMOUNT_MASK, references[i]);
        }
        _endNative(total, batchNumber, batchKey, commitment);
    }

    /// @notice Pays an ERC-20 token: pulls `total` from the payer (who approved this contract), then pays each payout.
    function settleToken(
        uint256 batchNumber,
        bytes32 batchKey,
        bytes32 commitment,
        address token,
        uint256 total,
        uint256[] calldata payouts
    ) external {
        _begin(batchNumber, payouts.length);
        _pull(token, total);
        uint256 paid;
        for (uint256 i; i < payouts.length; ++i) {
            uint256 word = payouts[i];
            unchecked {
                paid += word & AMOUNT_MASK;
            }
            if (!_sendToken(token, word)) {
                _refuseToken(token, total, payouts, i);
            }
        }
        _endToken(total, paid, batchNumber, batchKey, commitment);
    }

    /// @notice As settleToken, and emits one Payout event with its reference per payout.
    function settleTokenWithReferences(
        uint256 batchNumber,
        bytes32 batchKey,
        bytes32 commitment,
        address token,
        uint256 total,
        uint256[] calldata payouts,
        string[] calldata references
    ) external {
        _begin(batchNumber, payouts.length);
        if (references.length != payouts.length) {
            revert MalformedBatch(payouts.length, references.length);
        }
        _pull(token, total);
        uint256 paid;
        for (uint256 i; i < payouts.length; ++i) {
            uint256 word = payouts[i];
            unchecked {
                paid += word & AMOUNT_MASK;
            }
            if (!_sendToken(token, word)) {
                _refuseToken(token, total, payouts, i);
            }
            emit Payout(msg.sender, address(uint160(word >> 96)), word & AMOUNT_MASK, references[i]);
        }
        _endToken(total, paid, batchNumber, batchKey, commitment);
    }

    function _begin(uint256 batchNumber, uint256 payouts) private {
        if (payouts == 0) {
            revert MalformedBatch(0, 0);
        }
        mapping(uint256 => uint256) storage words = _settled[msg.sender];
        uint256 bit = 1 << (batchNumber & 0xff);
        uint256 word = words[batchNumber >> 8];
        if (word & bit != 0) {
            revert BatchAlreadySettled(msg.sender, batchNumber);
        }
        words[batchNumber >> 8] = word | bit;
    }

    function _endNative(uint256 total, uint256 batchNumber, bytes32 batchKey, bytes32 commitment) private {
        // Checked after the transfers, saving a second pass over the payouts: a short msg.value makes a transfer fail
        // (then _refuseNative names the mismatch), a long one is refused here; either way nothing is paid.
        if (total != msg.value) {
            revert ValueMismatch(total, msg.value);
        }
        emit BatchSettled(msg.sender, batchKey, batchNumber, commitment);
    }

    function _endToken(uint256 total, uint256 paid, uint256 batchNumber, bytes32 batchKey, bytes32 commitment) private {
        if (paid != total) {
            revert TotalMismatch(total, paid);
        }
        emit BatchSettled(msg.sender, batchKey, batchNumber, commitment);
    }

    /// @dev Sends a payout's ether with all gas and without copying return data (a payee cannot make us pay for one).
    function _sendEther(uint256 word) private returns (bool ok) {
        assembly ("memory-safe") {
            ok := call(gas(), shr(96, word), and(word, AMOUNT_MASK), 0, 0, 0, 0)
        }
    }

    /// @dev Transfers a payout's tokens: true when the call did not revert and returned nothing or the word 1.
    function _sendToken(address token, uint256 word) private returns (bool ok) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, 0xa9059cbb00000000000000000000000000000000000000000000000000000000) // transfer(address,uint256)
            mstore(add(m, 0x04), shr(96, word))
            mstore(add(m, 0x24), and(word, AMOUNT_MASK))
            ok := call(gas(), token, 0, m, 0x44, 0x00, 0x20)
            ok := and(ok, or(iszero(returndatasize()), and(gt(returndatasize(), 0x1f), eq(mload(0x00), 1))))
        }
    }

    /// @dev Why a native batch failed, computed only on the failure path: a sum that differs from msg.value (the
    ///      contract ran out of ether) is a ValueMismatch; otherwise the payee refused.
    function _refuseNative(uint256[] calldata payouts, uint256 failed) private view {
        uint256 total = _sum(payouts);
        if (total != msg.value) {
            revert ValueMismatch(total, msg.value);
        }
        revert NativeTransferFailed(address(uint160(payouts[failed] >> 96)), payouts[failed] & AMOUNT_MASK);
    }

    /// @dev Why a token batch failed: amounts that differ from the declared total are a TotalMismatch; otherwise the
    ///      token refused the transfer.
    function _refuseToken(address token, uint256 declared, uint256[] calldata payouts, uint256 failed) private pure {
        uint256 sum = _sum(payouts);
        if (sum != declared) {
            revert TotalMismatch(declared, sum);
        }
        revert TokenTransferFailed(token, address(uint160(payouts[failed] >> 96)), payouts[failed] & AMOUNT_MASK);
    }

    function _sum(uint256[] calldata payouts) private pure returns (uint256 total) {
        for (uint256 i; i < payouts.length; ++i) {
            unchecked {
                total += payouts[i] & AMOUNT_MASK;
            }
        }
    }

    function _pull(address token, uint256 total) private {
        uint256 before = _balanceOf(token);
        bool ok;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, 0x23b872dd00000000000000000000000000000000000000000000000000000000) // transferFrom(address,address,uint256)
            mstore(add(m, 0x04), caller())
            mstore(add(m, 0x24), address())
            mstore(add(m, 0x44), total)
            ok := call(gas(), token, 0, m, 0x64, 0x00, 0x20)
            ok := and(ok, or(iszero(returndatasize()), and(gt(returndatasize(), 0x1f), eq(mload(0x00), 1))))
        }
        if (!ok) {
            revert TokenTransferFailed(token, address(this), total);
        }
        uint256 afterPull = _balanceOf(token);
        uint256 received = afterPull > before ? afterPull - before : 0;
        if (received != total) {
            revert FeeOnTransferToken(token, total, received);
        }
    }

    function _balanceOf(address token) private view returns (uint256 held) {
        bool ok;
        assembly ("memory-safe") {
            mstore(0x00, 0x70a0823100000000000000000000000000000000000000000000000000000000) // balanceOf(address)
            mstore(0x04, address())
            // A call to an address without code succeeds with no return data: refused here, once per batch.
            // (Yul evaluates arguments right to left: the call runs before returndatasize is read.)
            ok := and(gt(returndatasize(), 0x1f), staticcall(gas(), token, 0x00, 0x24, 0x00, 0x20))
            held := mload(0x00)
        }
        if (!ok) {
            revert NotAToken(token);
        }
    }
}
