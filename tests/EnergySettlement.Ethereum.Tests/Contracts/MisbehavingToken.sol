// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title MisbehavingToken
/// @notice An ERC-20 for the security tests only: anyone may mint, and the owner of the test picks how transfers
///         misbehave - return false, return nothing (as USDT does), revert, or charge a 1 % fee on every transfer.
contract MisbehavingToken {
    enum Mode {
        Normal,
        ReturnsFalse,
        ReturnsNothing,
        Reverts,
        ChargesFee
    }

    uint8 public constant decimals = 6;
    Mode public mode;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    function setMode(Mode newMode) external {
        mode = newMode;
    }

    function mint(address to, uint256 value) external {
        balanceOf[to] += value;
        emit Transfer(address(0), to, value);
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        return _transfer(msg.sender, to, value);
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        if (mode != Mode.ReturnsFalse && mode != Mode.Reverts) {
            require(allowance[from][msg.sender] >= value, "allowance");
            allowance[from][msg.sender] -= value;
        }
        return _transfer(from, to, value);
    }

    function _transfer(address from, address to, uint256 value) private returns (bool) {
        if (mode == Mode.Reverts) {
            revert("MisbehavingToken: transfers revert");
        }
        if (mode == Mode.ReturnsFalse) {
            return false;
        }
        require(balanceOf[from] >= value, "balance");
        uint256 fee = mode == Mode.ChargesFee ? value / 100 : 0;
        balanceOf[from] -= value;
        balanceOf[to] += value - fee;
        emit Transfer(from, to, value - fee);
        if (mode == Mode.ReturnsNothing) {
            assembly {
                return(0, 0)
            }
        }
        return true;
    }
}
